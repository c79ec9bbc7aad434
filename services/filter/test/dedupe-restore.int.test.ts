import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RawHeaders } from '@tweet-pipeline/contracts';
import { createProducer, ensureTopics, pipelineTopicSpecs, type Kafka, type Producer } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import {
  ServiceProcess,
  deleteTopics,
  readTopic,
  serviceEntry,
  testKafka,
  testStack,
  testTopics,
  topicEnv,
  uniqueName,
  waitFor,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';

const PARTITIONS = 4;
const topics = testTopics('restore');
const group = uniqueName('restore-group');
let stack: StackEndpoints;
let kafka: Kafka;
let producer: Producer;
const filters: ServiceProcess[] = [];

const tweet = (id: string, text: string) => ({
  key: id,
  value: JSON.stringify({ data: { id, text } }),
  headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(Date.now()) },
});

function startFilter(): ServiceProcess {
  const filter = new ServiceProcess({
    name: 'filter',
    entry: serviceEntry('filter'),
    port: 0,
    logFile: join(tmpdir(), `${uniqueName('restore-filter')}.log`),
    env: {
      ...process.env,
      ...topicEnv(topics, PARTITIONS),
      KAFKA_BROKERS: stack.brokers.join(','),
      FILTER_GROUP_ID: group,
      FILTER_INSTANCE_ID: 'restore-instance',
      FILTER_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
  filters.push(filter);
  return filter;
}

before(async () => {
  stack = await testStack();
  kafka = testKafka(stack.brokers);
  const specs = pipelineTopicSpecs({
    names: topics,
    partitions: PARTITIONS,
    replicationFactor: 1,
    dedupeWindowMs: 3_600_000,
  });
  await ensureTopics(kafka, Object.values(specs), createLogger({ service: 'test', level: 'warn' }));
  producer = createProducer(kafka);
  await producer.connect();
});

after(async () => {
  await Promise.all(filters.map((f) => f.stop()));
  await producer?.disconnect();
  await deleteTopics(kafka, Object.values(topics));
});

test('filter restores dedupe state after a SIGKILL: a duplicate of an id seen before is still dropped', async () => {
  const first = startFilter();
  const seen = ['1100000000000000001', '1100000000000000002', '1100000000000000003', '1100000000000000004'];
  await producer.send({ topic: topics.raw, messages: seen.map((id) => tweet(id, `music ${id}`)) });
  assert.ok(
    await waitFor(
      async () =>
        (await readTopic(kafka, topics.clean, { count: seen.length, timeoutMs: 5_000 })).length === seen.length,
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
  const clean = await readTopic(kafka, topics.clean, { count: seen.length + 1, timeoutMs: 90_000, settleMs: 3_000 });
  assert.deepEqual(
    clean.map((r) => r.key).sort(),
    [...seen, '1100000000000000005'].sort(),
    'each id passed exactly once',
  );
  assert.equal(second.running, true);

  // Co-partitioning: each id's state record sits in the partition number of its raw record.
  const [raw, state] = await Promise.all([
    readTopic(kafka, topics.raw, { count: 9, timeoutMs: 30_000 }),
    readTopic(kafka, topics.dedupeState, { count: 5, timeoutMs: 30_000 }),
  ]);
  const rawPartition = new Map(raw.map((r) => [r.key, r.partition]));
  assert.equal(state.length, 5, 'one state record per distinct id');
  for (const record of state)
    assert.equal(record.partition, rawPartition.get(record.key), `partition of ${record.key}`);
});
