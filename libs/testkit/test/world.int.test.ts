import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { MongoClient } from 'mongodb';
import { nextOffset, runBatchConsumer, type Admin } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import {
  openTestWorld,
  readTopic,
  testKafka,
  testStack,
  topicEnv,
  uniqueName,
  waitFor,
  type StackEndpoints,
} from '../src/index.js';

const log = createLogger({ service: 'testkit-test', level: 'warn', destination: process.stderr });
let stack: StackEndpoints;
let observer: MongoClient;
let admin: Admin;

// Observers of their own, so what they see does not depend on the worlds under test.
beforeAll(async () => {
  stack = await testStack();
  observer = new MongoClient(stack.mongoUri);
  admin = testKafka(stack.brokers).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await observer?.close();
});

async function topicsOnBroker(names: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return names.filter((name) => existing.has(name));
}

async function databasesOnServer(): Promise<string[]> {
  return (await observer.db('admin').admin().listDatabases()).databases.map((d) => d.name);
}

test('a TestWorld creates the topics asked for with the pipeline settings; close() deletes every topic it named and drops its databases', async () => {
  const world = await openTestWorld();
  const topics = await world.topics('world-topics', 2, ['clean', 'dlq', 'dedupeState']);
  assert.deepEqual(
    (await topicsOnBroker(Object.values(topics))).sort(),
    [topics.clean, topics.dedupeState, topics.dlq].sort(),
    'the roles asked for, not raw',
  );
  const metadata = await admin.fetchTopicMetadata({ topics: [topics.clean, topics.dedupeState] });
  assert.deepEqual(
    metadata.map((t) => t.partitions.length),
    [2, 2],
  );
  // Made by something else (a service's checkpoints topic): deleted once adopted.
  const adopted = uniqueName('world-adopted');
  await admin.createTopics({ topics: [{ topic: adopted, numPartitions: 1, replicationFactor: 1 }] });
  world.adoptTopics(adopted);

  const database = world.database('tp_world');
  assert.match(database, /^tp_world_[0-9a-z]+_[0-9a-f]{6}$/, 'no "-" in a database name');
  await world.mongo.db(database).collection<{ _id: string }>('things').insertOne({ _id: 'x' });
  assert.ok((await databasesOnServer()).includes(database));

  await world.close();
  await world.close(); // the same close again, nothing twice
  // Topic deletion completes in the background on the broker: listed for a moment under load.
  const named = [...Object.values(topics), adopted];
  await waitFor(async () => (await topicsOnBroker(named)).length === 0, 30_000);
  assert.deepEqual(await topicsOnBroker(named), [], 'every named topic deleted');
  assert.equal((await databasesOnServer()).includes(database), false, 'the database was dropped');
});

test('a TestWorld stops what it tracks before the close steps, and a failing step does not stop the clean-up', async () => {
  const world = await openTestWorld();
  const order: string[] = [];
  const topics = world.topicNames('world-order');
  assert.deepEqual(await topicsOnBroker(Object.values(topics)), [], 'topicNames only names them');
  await admin.createTopics({ topics: [{ topic: topics.raw, numPartitions: 1, replicationFactor: 1 }] });
  world.track({ stop: async () => void order.push('service stopped') });
  world.onClose(async () => void order.push('first step'));
  world.onClose(async () => {
    order.push('failing step');
    throw new Error('this step fails on purpose');
  });
  const database = world.database('tp_world_order');
  // A database only a service wrote to: the world never used its own Mongo client.
  await observer.db(database).collection<{ _id: string }>('things').insertOne({ _id: 'y' });

  await world.close();
  assert.deepEqual(order, ['service stopped', 'failing step', 'first step']);
  assert.deepEqual(await topicsOnBroker([topics.raw]), [], 'a topic a service created from topicNames is deleted');
  assert.equal((await databasesOnServer()).includes(database), false, 'dropped without the world using Mongo');
});

test('a TestWorld sends with the pipeline producer and says when a group committed the end of every partition', async () => {
  const world = await openTestWorld();
  try {
    const topics = await world.topics('world-group', 3, ['clean']);
    const groupId = uniqueName('world-group');
    const messages = Array.from({ length: 250 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    await world.sendAll(topics.clean, messages, 100);
    assert.equal((await readTopic(world.kafka, topics.clean, { count: 250, timeoutMs: 30_000 })).length, 250);

    const before = await world.groupProgress(groupId, topics.clean);
    assert.equal(before.partitions.length, 3);
    assert.equal(before.end, 250);
    assert.equal(before.committed, 0);
    assert.equal(before.caughtUp, false);
    assert.equal(await world.groupCaughtUp(groupId, topics.clean), false);
    assert.equal(await world.groupCaughtUp(groupId, uniqueName('world-no-such-topic')), false, 'unknown: false');

    let consumed = 0;
    const consumer = await runBatchConsumer({
      kafka: world.kafka,
      groupId,
      topics: [topics.clean],
      log,
      readCommitted: true,
      onFatal: (err) => assert.fail(err as Error),
      handleBatch: async ({ batch }, c) => {
        const last = batch.messages.at(-1);
        if (last === undefined) return;
        await c.commitOffsets([{ topic: topics.clean, partition: batch.partition, offset: nextOffset(last.offset) }]);
        consumed += batch.messages.length;
      },
    });
    world.track(consumer);
    assert.ok(await waitFor(() => world.groupCaughtUp(groupId, topics.clean), 60_000, 250), 'caught up');
    assert.equal(consumed, 250);
    const done = await world.groupProgress(groupId, topics.clean);
    assert.equal(done.committed, 250);
    assert.ok(done.partitions.every((p) => p.committed === p.end));
  } finally {
    await world.close();
  }
});

test('a TestWorld starts a service on its servers with the environment asked for, and close() stops it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'testkit-world-'));
  const entry = join(dir, 'fake-service.mjs');
  await writeFile(
    entry,
    `const { KAFKA_BROKERS, MONGODB_URI, TOPIC_CLEAN, EXTRA } = process.env;
console.log(JSON.stringify({ KAFKA_BROKERS, MONGODB_URI, TOPIC_CLEAN, EXTRA }));
const alive = setInterval(() => undefined, 1_000);
process.once('SIGTERM', () => clearInterval(alive));
`,
  );
  const world = await openTestWorld();
  const topics = world.topicNames('world-service');
  const service = world.startService({
    name: 'fake',
    entry,
    env: { ...topicEnv(topics, 1), EXTRA: 'yes' },
    logFile: join(dir, 'fake.log'),
  });
  assert.ok(await waitFor(async () => (await readFile(service.spec.logFile, 'utf8').catch(() => '')) !== '', 10_000));
  assert.deepEqual(JSON.parse(await readFile(service.spec.logFile, 'utf8')), {
    KAFKA_BROKERS: stack.brokers.join(','),
    MONGODB_URI: stack.mongoUri,
    TOPIC_CLEAN: topics.clean,
    EXTRA: 'yes',
  });
  assert.equal(service.running, true);
  await world.close();
  assert.equal(service.running, false, 'stopped by close()');
  assert.equal(await service.exited, 0, 'with SIGTERM, as ServiceProcess.stop does');
});
