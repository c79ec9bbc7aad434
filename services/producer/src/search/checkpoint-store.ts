import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from '@tweet-pipeline/kafka';

/** Where a source keeps how far it got, so a restart (or a new pod) resumes there. */
export interface CheckpointStore {
  load(key: string): Promise<string | undefined>;
  save(key: string, value: string): Promise<void>;
}

/**
 * Checkpoints in a compacted Kafka topic (key = checkpoint name, latest value
 * wins): durable, and visible to whichever pod runs the source next.
 */
export class KafkaCheckpointStore implements CheckpointStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async load(key: string): Promise<string | undefined> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.topic).finally(() => admin.disconnect());
    const remaining = new Map(
      ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]),
    );
    if (remaining.size === 0) return undefined;
    const groupId = `checkpoint-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ kafkaJS: { groupId, fromBeginning: true, autoCommit: false } });
    let latest: string | undefined;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [this.topic] });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading checkpoints from ${this.topic} timed out`)), 60_000);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            if (message.key?.toString('utf8') === key) latest = message.value?.toString('utf8');
            const end = remaining.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return latest;
  }

  async save(key: string, value: string): Promise<void> {
    await this.producer.send({ topic: this.topic, messages: [{ key, value }] });
  }
}

/** In-memory checkpoints, for tests and for running without Kafka. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly values = new Map<string, string>();
  load(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  save(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}
