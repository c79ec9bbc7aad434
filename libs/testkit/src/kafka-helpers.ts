import { setTimeout as sleep } from 'node:timers/promises';
import {
  createKafka,
  connectedProducer,
  kafkaSecurityFromEnv,
  deleteTopics,
  ensureTopics,
  pipelineTopicSpecs,
  type Kafka,
  type KafkaMessage,
  type Message,
  type PipelineTopicSpecs,
  type KafkaSecurity,
  type Producer,
} from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { uniqueName, type TestTopics } from './names.js';

/**
 * A Kafka client for tests, benchmarks and drills: `security`, or else the KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_* and KAFKA_SSL_* variables of this process (plaintext when unset), as the services
 * it starts read them; client logs at warn go to stderr so a failure shows them.
 */
export function testKafka(brokers: readonly string[], security?: KafkaSecurity): Kafka {
  return createKafka({
    brokers,
    clientId: uniqueName('test-client'),
    log: createLogger({ service: 'test', level: 'warn', destination: process.stderr }),
    security: security ?? kafkaSecurityFromEnv(process.env),
  });
}

export interface ReadOptions {
  /** Stop once this many records have been read. */
  readonly count?: number;
  /** Give up (returning what was read) after this long. */
  readonly timeoutMs: number;
  /** After reaching `count`, keep reading this long to catch records that should not be there. */
  readonly settleMs?: number;
}

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: KafkaMessage['headers'];
}

/** Reads a topic from the beginning as a `read_committed` consumer in a fresh group. */
export async function readTopic(kafka: Kafka, topic: string, options: ReadOptions): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({
    'js.consumer.max.batch.size': 1_000,
    kafkaJS: { groupId: uniqueName('test-reader'), fromBeginning: true, autoCommit: false, readUncommitted: false },
  });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value,
          headers: message.headers,
        });
      },
    });
    const until = Date.now() + options.timeoutMs;
    while (Date.now() < until && (options.count === undefined || records.length < options.count)) await sleep(100);
    if (options.settleMs !== undefined) await sleep(options.settleMs);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it held. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}

/** Which of a test's pipeline topics to create. */
export type TopicRole = keyof PipelineTopicSpecs;

export const ALL_TOPIC_ROLES: readonly TopicRole[] = ['raw', 'clean', 'dedupeState', 'dlq'];

export interface TestTopicOptions {
  /**
   * Retention of the compacted dedupe-state topic; by default the filter's own
   * DEDUPE_WINDOW_MS default (24 h), so a filter started on these topics finds
   * them fitting (the start-up check refuses a shorter retention than its window).
   */
  readonly dedupeWindowMs?: number;
}

/** Creates `which` of a test's topics with the pipeline's settings (pipelineTopicSpecs, replication 1). */
export async function createTestTopics(
  kafka: Kafka,
  names: TestTopics,
  partitions: number,
  which: readonly TopicRole[] = ALL_TOPIC_ROLES,
  options: TestTopicOptions = {},
): Promise<void> {
  if (which.length === 0) return;
  const specs = pipelineTopicSpecs({
    names,
    partitions,
    replicationFactor: 1,
    dedupeWindowMs: options.dedupeWindowMs ?? 86_400_000,
  });
  await ensureTopics(
    kafka,
    which.map((role) => specs[role]),
    createLogger({ service: 'test', level: 'warn', destination: process.stderr }),
  );
}

/** Sends records in sends of `chunk`, one after the other, each send one broker round trip. */
export async function sendAll(
  producer: Producer,
  topic: string,
  messages: readonly Message[],
  chunk = 1_000,
): Promise<void> {
  for (let i = 0; i < messages.length; i += chunk) {
    await producer.send({ topic, messages: messages.slice(i, i + chunk) });
  }
}

/** A connected producer of the pipeline's kind (the same partitioner as the services); best-effort topic deletion. */
export { connectedProducer, deleteTopics };
