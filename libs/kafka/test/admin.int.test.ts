import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { deleteTopics, ensureTopics } from '../src/admin.js';
import type { Kafka } from '../src/client.js';
import { createProducer } from '../src/producer.js';
import { brokers, log, testKafka, uniqueName, waitFor } from './helpers/test-broker.js';

const topics = [uniqueName('ensure-a'), uniqueName('ensure-b')];
let kafka: Kafka;
/** The two test topics, 6 partitions each. */
const ensureTestTopics = () =>
  ensureTopics(
    kafka,
    topics.map((topic) => ({ topic, numPartitions: 6, replicationFactor: 1 })),
    log,
  );

beforeAll(() => {
  if (brokers !== undefined) kafka = testKafka();
});

afterAll(async () => {
  if (brokers !== undefined) await deleteTopics(kafka, topics);
});

test(
  'ensureTopics returns with every partition of the new topics led, and a consumer subscribing at once gets records',
  { skip: brokers === undefined },
  async () => {
    const started = Date.now();
    await ensureTestTopics();
    const tookMs = Date.now() - started;

    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      for (const topic of metadata) {
        assert.equal(topic.partitions.length, 6, topic.name);
        assert.ok(
          topic.partitions.every((p) => p.leader >= 0),
          `${topic.name}: ${JSON.stringify(topic.partitions)}`,
        );
      }
    } finally {
      await admin.disconnect();
    }

    // Subscribe right away, as a service does after ensureTopics: the consumer must see the topic
    // now, not after a metadata refresh (librdkafka's default is 5 minutes).
    const received: string[] = [];
    const consumer = kafka.consumer({ kafkaJS: { groupId: uniqueName('ensure-group'), fromBeginning: true } });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.key)) });
      const producer = createProducer(kafka);
      await producer.connect();
      await producer.send({ topic: topics[1]!, messages: [{ key: 'k', value: 'v' }] });
      await producer.disconnect();
      assert.ok(await waitFor(() => received.length === 1, 30_000), 'the record reached the consumer within 30 s');
    } finally {
      await consumer.disconnect();
    }
    process.stderr.write(`ensureTopics took ${tookMs} ms for 2 new topics of 6 partitions\n`);
  },
);

test('ensureTopics on existing topics returns at once', { skip: brokers === undefined }, async () => {
  const started = Date.now();
  await ensureTestTopics();
  assert.ok(Date.now() - started < 5_000);
});
