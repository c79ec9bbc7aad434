import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DlqHeaders, RawHeaders } from '@tweet-pipeline/contracts';
import { createLogger } from '@tweet-pipeline/observability';
import {
  createProducer,
  ensureTopics,
  headerValue,
  pipelineTopicSpecs,
  type Kafka,
  type Producer,
} from '@tweet-pipeline/kafka';
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
} from '@tweet-pipeline/testkit';

const topics = testTopics('filter-int');
let kafka: Kafka;
let producer: Producer;
let filter: ServiceProcess;

const tweet = (id: string, text: string) => ({
  key: id,
  value: JSON.stringify({ data: { id, text }, matching_rules: [{ id: '1', tag: null }] }),
  headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(Date.now()) },
});

before(async () => {
  const stack = await testStack();
  kafka = testKafka(stack.brokers);
  const specs = pipelineTopicSpecs({ names: topics, partitions: 3, replicationFactor: 1, dedupeWindowMs: 3_600_000 });
  await ensureTopics(kafka, Object.values(specs), createLogger({ service: 'test', level: 'warn' }));
  producer = createProducer(kafka);
  await producer.connect();
  filter = new ServiceProcess({
    name: 'filter',
    entry: serviceEntry('filter'),
    port: 0,
    logFile: `/tmp/${uniqueName('filter-int')}.log`,
    env: {
      ...process.env,
      ...topicEnv(topics, 3),
      KAFKA_BROKERS: stack.brokers.join(','),
      FILTER_GROUP_ID: uniqueName('filter-group'),
      FILTER_INSTANCE_ID: uniqueName('filter'),
      FILTER_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
});

after(async () => {
  await filter?.stop();
  await producer?.disconnect();
  await deleteTopics(kafka, Object.values(topics));
});

test('filter sends a malformed record to the DLQ with its reason and keeps running', async () => {
  const malformed = '{"data": {"id": "1377650090978992134", "text": "cut off';
  await producer.send({
    topic: topics.raw,
    messages: [
      {
        key: '1377650090978992134',
        value: malformed,
        headers: { [RawHeaders.source]: 'replay', [RawHeaders.receivedAt]: '1' },
      },
      tweet('1000000000000000001', 'first #music'),
    ],
  });
  const deadLetters = await readTopic(kafka, topics.dlq, { count: 1, timeoutMs: 60_000, settleMs: 2_000 });
  assert.equal(deadLetters.length, 1, 'exactly one DLQ record');
  const [dead] = deadLetters;
  assert.ok(dead);
  assert.equal(headerValue(dead.headers, DlqHeaders.errorCode), 'INVALID_JSON');
  assert.match(headerValue(dead.headers, DlqHeaders.errorMessage) ?? '', /JSON/);
  assert.equal(headerValue(dead.headers, DlqHeaders.sourceTopic), topics.raw);
  assert.equal(headerValue(dead.headers, DlqHeaders.service), 'filter');
  assert.equal(dead.value?.toString('utf8'), malformed, 'original bytes untouched');
  assert.equal(dead.key, '1377650090978992134');

  await producer.send({ topic: topics.raw, messages: [tweet('1000000000000000002', 'second music')] });
  const clean = await readTopic(kafka, topics.clean, { count: 2, timeoutMs: 60_000, settleMs: 2_000 });
  assert.deepEqual(clean.map((r) => r.key).sort(), ['1000000000000000001', '1000000000000000002']);
  assert.equal(filter.running, true);
});
