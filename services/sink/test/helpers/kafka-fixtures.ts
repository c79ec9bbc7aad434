import {
  createProducer,
  ensureTopics,
  pipelineTopicSpecs,
  type Kafka,
  type Message,
  type Producer,
} from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import type { testTopics } from '@tweet-pipeline/testkit';

/** Creates a test's clean and DLQ topics with the pipeline's settings. */
export async function createSinkTopics(kafka: Kafka, topics: ReturnType<typeof testTopics>, partitions: number) {
  const specs = pipelineTopicSpecs({ names: topics, partitions, replicationFactor: 1, dedupeWindowMs: 3_600_000 });
  await ensureTopics(kafka, [specs.clean, specs.dlq], createLogger({ service: 'test', level: 'warn' }));
}

/** A connected producer of the pipeline's kind (same partitioner as the filter). */
export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = createProducer(kafka, { lingerMs: 20 });
  await producer.connect();
  return producer;
}

/** Sends records in sends of `chunk`, each send one broker round trip. */
export async function sendAll(producer: Producer, topic: string, messages: readonly Message[], chunk = 1_000) {
  for (let i = 0; i < messages.length; i += chunk) {
    await producer.send({ topic, messages: messages.slice(i, i + chunk) });
  }
}

/**
 * True when the group has committed, on every partition, the end of the
 * topic: everything produced so far was stored (or dead-lettered) and committed.
 */
export async function groupCaughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const done = new Map(
      (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
    );
    return ends.every((p) => BigInt(p.high) === 0n || (done.get(p.partition) ?? -1n) >= BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
}
