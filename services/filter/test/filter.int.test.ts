import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { DlqHeaders, RawHeaders } from '@tweet-pipeline/contracts';
import { headerValue } from '@tweet-pipeline/kafka';
import {
  openTestWorld,
  readTopic,
  topicEnv,
  uniqueName,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

let world: TestWorld;
let topics: TestTopics;
let filter: ServiceProcess;

const tweet = (id: string, text: string) => ({
  key: id,
  value: JSON.stringify({ data: { id, text }, matching_rules: [{ id: '1', tag: null }] }),
  headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(Date.now()) },
});

beforeAll(async () => {
  world = await openTestWorld({ producer: { lingerMs: 5 } });
  topics = await world.topics('filter-int', 3);
  filter = world.startService({
    name: 'filter',
    env: {
      ...topicEnv(topics, 3),
      FILTER_GROUP_ID: uniqueName('filter-group'),
      FILTER_INSTANCE_ID: uniqueName('filter'),
      FILTER_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
});

afterAll(() => world?.close());

test('filter sends a malformed record to the DLQ with its reason and keeps running', async () => {
  const malformed = '{"data": {"id": "1377650090978992134", "text": "cut off';
  await (
    await world.producer()
  ).send({
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
  const deadLetters = await readTopic(world.kafka, topics.dlq, { count: 1, timeoutMs: 60_000, settleMs: 2_000 });
  assert.equal(deadLetters.length, 1, 'exactly one DLQ record');
  const [dead] = deadLetters;
  assert.ok(dead);
  assert.equal(headerValue(dead.headers, DlqHeaders.errorCode), 'INVALID_JSON');
  assert.match(headerValue(dead.headers, DlqHeaders.errorMessage) ?? '', /JSON/);
  assert.equal(headerValue(dead.headers, DlqHeaders.sourceTopic), topics.raw);
  assert.equal(headerValue(dead.headers, DlqHeaders.service), 'filter');
  assert.equal(dead.value?.toString('utf8'), malformed, 'original bytes untouched');
  assert.equal(dead.key, '1377650090978992134');

  await (await world.producer()).send({ topic: topics.raw, messages: [tweet('1000000000000000002', 'second music')] });
  const clean = await readTopic(world.kafka, topics.clean, { count: 2, timeoutMs: 60_000, settleMs: 2_000 });
  assert.deepEqual(clean.map((r) => r.key).sort(), ['1000000000000000001', '1000000000000000002']);
  assert.equal(filter.running, true);
});
