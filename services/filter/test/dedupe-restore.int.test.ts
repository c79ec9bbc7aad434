import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { RawHeaders } from '@tweet-pipeline/contracts';
import type { Producer } from '@tweet-pipeline/kafka';
import {
  openTestWorld,
  readTopic,
  topicEnv,
  uniqueName,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

const PARTITIONS = 4;
const group = uniqueName('restore-group');
let world: TestWorld;
let topics: TestTopics;
let producer: Producer;

const tweet = (id: string, text: string) => ({
  key: id,
  value: JSON.stringify({ data: { id, text } }),
  headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(Date.now()) },
});

function startFilter(): ServiceProcess {
  return world.startService({
    name: 'filter',
    env: {
      ...topicEnv(topics, PARTITIONS),
      FILTER_GROUP_ID: group,
      FILTER_INSTANCE_ID: 'restore-instance',
      FILTER_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
}

beforeAll(async () => {
  world = await openTestWorld({ producer: { lingerMs: 5 } });
  topics = await world.topics('restore', PARTITIONS);
  producer = await world.producer();
});

afterAll(() => world?.close());

test('filter restores dedupe state after a SIGKILL: a duplicate of an id seen before is still dropped', async () => {
  const first = startFilter();
  const seen = ['1100000000000000001', '1100000000000000002', '1100000000000000003', '1100000000000000004'];
  await producer.send({ topic: topics.raw, messages: seen.map((id) => tweet(id, `music ${id}`)) });
  assert.ok(
    await waitFor(
      async () =>
        (await readTopic(world.kafka, topics.clean, { count: seen.length, timeoutMs: 5_000 })).length === seen.length,
      60_000,
      500,
    ),
    'the first tweets passed',
  );
  first.kill('SIGKILL');
  await first.exited;

  const second = startFilter();
  await producer.send({
    topic: topics.raw,
    messages: [...seen.map((id) => tweet(id, `music again ${id}`)), tweet('1100000000000000005', 'new music')],
  });
  const clean = await readTopic(world.kafka, topics.clean, {
    count: seen.length + 1,
    timeoutMs: 90_000,
    settleMs: 3_000,
  });
  assert.deepEqual(
    clean.map((r) => r.key).sort(),
    [...seen, '1100000000000000005'].sort(),
    'each id passed exactly once',
  );
  assert.equal(second.running, true);

  // Co-partitioning: each id's state record sits in the partition number of its raw record.
  const [raw, state] = await Promise.all([
    readTopic(world.kafka, topics.raw, { count: 9, timeoutMs: 30_000 }),
    readTopic(world.kafka, topics.dedupeState, { count: 5, timeoutMs: 30_000 }),
  ]);
  const rawPartition = new Map(raw.map((r) => [r.key, r.partition]));
  assert.equal(state.length, 5, 'one state record per distinct id');
  for (const record of state)
    assert.equal(record.partition, rawPartition.get(record.key), `partition of ${record.key}`);
});
