import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import {
  createProducer,
  ensureTopics,
  nextOffset,
  runBatchConsumer,
  startLagReporter,
  type Kafka,
  type RunningConsumer,
} from '@tweet-pipeline/kafka';
import { createLogger, createMetricsRegistry } from '@tweet-pipeline/observability';
import { openTestWorld, uniqueName, waitFor, type TestWorld } from '@tweet-pipeline/testkit';

const log = createLogger({ service: 'ops-checks-test', level: 'warn', destination: process.stderr });
const plain = uniqueName('lag-plain');
const transactional = uniqueName('lag-txn');
let world: TestWorld;
let kafka: Kafka;

beforeAll(async () => {
  world = await openTestWorld();
  kafka = world.kafka;
  world.adoptTopics(plain, transactional);
  await ensureTopics(
    kafka,
    [plain, transactional].map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })),
    log,
  );
});

afterAll(() => world?.close());

/** A consumer of `topic` in `group` that commits after every batch, as the sink does; counts records. */
async function drain(topic: string, group: string): Promise<{ consumer: RunningConsumer; count: () => number }> {
  let count = 0;
  const consumer = await runBatchConsumer({
    kafka,
    groupId: group,
    topics: [topic],
    log,
    readCommitted: true,
    onFatal: (err) => assert.fail(err as Error),
    handleBatch: async ({ batch }, c) => {
      const last = batch.messages.at(-1);
      if (last === undefined) return;
      await c.commitOffsets([{ topic, partition: batch.partition, offset: nextOffset(last.offset) }]);
      count += batch.messages.length;
    },
  });
  return { consumer, count: () => count };
}

async function lagOf(registry: ReturnType<typeof createMetricsRegistry>): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('tweet_pipeline_consumer_lag')?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [`${v.labels.topic}/${v.labels.partition}`, v.value]));
}

test('the lag reporter reports records not yet committed by the group, per partition', async () => {
  const group = uniqueName('lag-group');
  const producer = createProducer(kafka);
  await producer.connect();
  await producer.send({
    topic: plain,
    messages: [
      ...Array.from({ length: 6 }, (_, i) => ({ key: `a${i}`, value: 'x', partition: 0 })),
      ...Array.from({ length: 4 }, (_, i) => ({ key: `b${i}`, value: 'x', partition: 1 })),
    ],
  });
  const registry = createMetricsRegistry();
  const reporter = startLagReporter({ kafka, registry, targets: [{ group, topic: plain }], intervalMs: 60_000, log });
  try {
    await reporter.collect();
    // Nothing committed yet: everything from the low watermark is lag.
    assert.deepEqual(await lagOf(registry), { [`${plain}/0`]: 6, [`${plain}/1`]: 4 });

    const { consumer, count } = await drain(plain, group);
    assert.ok(await waitFor(() => count() === 10, 60_000), `consumed ${count()} of 10`);
    await consumer.stop();
    await reporter.collect();
    assert.deepEqual(await lagOf(registry), { [`${plain}/0`]: 0, [`${plain}/1`]: 0 });

    await producer.send({ topic: plain, messages: [{ key: 'c', value: 'x', partition: 1 }] });
    await reporter.collect();
    assert.deepEqual(await lagOf(registry), { [`${plain}/0`]: 0, [`${plain}/1`]: 1 });
  } finally {
    await reporter.stop();
    await producer.disconnect();
  }
});

test('the lag reporter shows 1 for a caught-up group on a transactional topic (the commit marker)', async () => {
  const group = uniqueName('lag-txn-group');
  const producer = createProducer(kafka, { transactionalId: uniqueName('lag-txn-producer') });
  await producer.connect();
  const transaction = await producer.transaction();
  await transaction.send({
    topic: transactional,
    messages: Array.from({ length: 5 }, (_, i) => ({ key: `t${i}`, value: 'x', partition: 0 })),
  });
  await transaction.commit();
  const registry = createMetricsRegistry();
  const reporter = startLagReporter({
    kafka,
    registry,
    targets: [{ group, topic: transactional }],
    intervalMs: 60_000,
    log,
  });
  try {
    const { consumer, count } = await drain(transactional, group);
    assert.ok(await waitFor(() => count() === 5, 60_000), `consumed ${count()} of 5`);
    await consumer.stop();
    await reporter.collect();
    // Offsets 0-4 are the records, 5 the commit marker; the group committed 5.
    assert.deepEqual(await lagOf(registry), { [`${transactional}/0`]: 1, [`${transactional}/1`]: 0 });
  } finally {
    await reporter.stop();
    await producer.disconnect();
  }
});

test('the lag reporter removes the series of a topic it can no longer read, and keeps running', async () => {
  const registry = createMetricsRegistry();
  const reporter = startLagReporter({
    kafka,
    registry,
    targets: [{ group: uniqueName('lag-missing'), topic: uniqueName('no-such-topic') }],
    intervalMs: 60_000,
    timeoutMs: 2_000,
    log: createLogger({ service: 'ops-checks-test', level: 'silent' }),
  });
  try {
    await reporter.collect();
    assert.deepEqual(await lagOf(registry), {});
  } finally {
    await reporter.stop();
  }
});
