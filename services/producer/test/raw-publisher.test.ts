import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'vitest';
import { DlqHeaders, MAX_RECORD_BYTES, recordBytes } from '@tweet-pipeline/contracts';
import { headerValue, type Message, type Producer, type TopicMessages } from '@tweet-pipeline/kafka';
import { createMetricsRegistry } from '@tweet-pipeline/observability';
import { producerMetrics } from '../src/metrics.js';
import { RawPublisher, fitsInKafka, type RawRecord } from '../src/index.js';

function publisherWithFakeKafka() {
  const sent: TopicMessages[] = [];
  const producer = {
    sendBatch: async ({ topicMessages }: { topicMessages: TopicMessages[] }) => {
      for (const { messages } of topicMessages)
        for (const m of messages) assert.ok(recordBytes(m as never) <= MAX_RECORD_BYTES, 'Kafka would refuse it');
      sent.push(...topicMessages);
      return [];
    },
  } as unknown as Producer;
  const registry = createMetricsRegistry();
  const publisher = new RawPublisher(producer, { raw: 'raw', dlq: 'dlq' }, producerMetrics(registry));
  const topic = (name: string): Message[] => sent.filter((t) => t.topic === name).flatMap((t) => t.messages);
  return { publisher, registry, topic };
}

const tweet = (id: string, text: string): RawRecord => ({
  key: id,
  value: JSON.stringify({ data: { id, text } }),
  source: 'replay',
  receivedAt: 1_700_000_000_000,
});

test('RawPublisher sends a record too large for Kafka to the DLQ as MESSAGE_TOO_LARGE instead of retrying it forever', async () => {
  const { publisher, registry, topic } = publisherWithFakeKafka();
  const huge = tweet('1000000000000000002', `music ${'a'.repeat(10_000_000)}`);
  assert.equal(fitsInKafka(huge), false);
  await publisher.publish([tweet('1000000000000000001', 'music'), huge, tweet('1000000000000000003', 'music')]);

  assert.deepEqual(
    topic('raw').map((m) => m.key),
    ['1000000000000000001', '1000000000000000003'],
  );
  const [dead] = topic('dlq');
  assert.ok(dead);
  const original = Buffer.from(huge.value);
  assert.equal(headerValue(dead.headers, DlqHeaders.errorCode), 'MESSAGE_TOO_LARGE');
  assert.match(headerValue(dead.headers, DlqHeaders.errorMessage) ?? '', /exceeds the Kafka record limit/);
  assert.equal(headerValue(dead.headers, DlqHeaders.originalSize), String(original.length));
  assert.equal(
    headerValue(dead.headers, DlqHeaders.originalSha256),
    createHash('sha256').update(original).digest('hex'),
  );
  assert.deepEqual(dead.value, original.subarray(0, (dead.value as Buffer).length));
  assert.equal(dead.key?.toString(), '1000000000000000002');
  const metrics = await registry.metrics();
  assert.match(metrics, /tweet_pipeline_dlq_messages_total\{service="producer",error_code="MESSAGE_TOO_LARGE"\} 1/);
  assert.match(metrics, /tweet_pipeline_producer_tweets_published_total 2/);
});

test('RawPublisher sends unreadable input to the DLQ as INVALID_JSON with its bytes and reason', async () => {
  const { publisher, registry, topic } = publisherWithFakeKafka();
  const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
  await publisher.publish([
    { key: '', value: bytes, source: 'replay', receivedAt: 5, invalid: 'line is not valid UTF-8' },
  ]);
  const [dead] = topic('dlq');
  assert.equal(dead?.key, null);
  assert.deepEqual(dead?.value, bytes);
  assert.equal(headerValue(dead?.headers, DlqHeaders.errorCode), 'INVALID_JSON');
  assert.equal(headerValue(dead?.headers, DlqHeaders.errorMessage), 'line is not valid UTF-8');
  assert.equal(headerValue(dead?.headers, DlqHeaders.sourceTopic), 'x:replay');
  assert.equal(headerValue(dead?.headers, DlqHeaders.sourceOffset), '5');
  assert.equal(topic('raw').length, 0);
  assert.match(await registry.metrics(), /error_code="INVALID_JSON"\} 1/);
});

test('fitsInKafka accepts a record right at the limit and refuses one byte more', () => {
  const record = (size: number): RawRecord => ({
    key: '1',
    value: Buffer.alloc(size),
    source: 'replay',
    receivedAt: 1,
  });
  const overhead = recordBytes({ key: '1', value: null, headers: { source: 'replay', 'received-at': '1' } });
  assert.equal(fitsInKafka(record(MAX_RECORD_BYTES - overhead)), true);
  assert.equal(fitsInKafka(record(MAX_RECORD_BYTES - overhead + 1)), false);
});
