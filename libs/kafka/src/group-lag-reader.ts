import kafkaJavascript from '@confluentinc/kafka-javascript';
import type { Admin, Consumer, Kafka } from './client.js';
import { topicLag, type CommittedOffset, type PartitionLag, type PartitionOffsets } from './partition-lag.js';

export interface GroupLagReaderOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /** Per request; 5 s by default. */
  readonly timeoutMs?: number;
}

interface Connection {
  readonly consumer: Consumer;
  readonly admin: Admin;
}

/**
 * Reads a consumer group's committed offsets and a topic's end offsets, for
 * lag, through a consumer client of that group id that never joins it (no
 * subscribe, no assign: it takes no partition from the real members) and an
 * admin client sharing that consumer's connections.
 *
 * Not through an admin client's `fetchOffsets` (ListConsumerGroupOffsets):
 * with @confluentinc/kafka-javascript 1.10.1 (librdkafka 2.15.1) an answer
 * NOT_COORDINATOR — as the broker gives for a while after a restart — makes
 * librdkafka use the consumer-group handle an admin client does not have, and
 * the process dies (SIGSEGV in rd_kafka_handle_OffsetFetch, or an assertion in
 * rd_kafka_enq_once_del_source_return; upstream confluent-kafka-javascript
 * issue #374). A consumer client has that handle and retries NOT_COORDINATOR.
 *
 * Connects on first use and keeps its clients (librdkafka reconnects them
 * after a broker restart): connecting again after each failed request would
 * hold a thread of libuv's pool for up to 30 s each time the broker is away,
 * the pool every other Kafka call of the process waits for. A failed connect
 * is tried again on the next call.
 */
export class GroupLagReader {
  private connection: Promise<Connection> | undefined;

  constructor(private readonly options: GroupLagReaderOptions) {}

  get groupId(): string {
    return this.options.groupId;
  }

  /**
   * End (last stable offset: what a `read_committed` reader can reach) and low
   * watermark of every partition of `topic`.
   *
   * @throws the client's error when the broker does not answer within the timeout.
   */
  async offsets(topic: string): Promise<PartitionOffsets[]> {
    return this.using(async ({ admin }) => {
      const offsets = await admin.fetchTopicOffsets(topic, {
        timeout: this.timeoutMs,
        isolationLevel: kafkaJavascript.IsolationLevel.READ_COMMITTED,
      });
      return offsets.map((o) => ({ partition: o.partition, end: o.high, low: o.low }));
    });
  }

  /**
   * The group's committed offsets of these partitions of `topic`; "-1" where it
   * has committed nothing (or 0: see committedOffset).
   *
   * @throws the client's error when the coordinator does not answer within the timeout.
   */
  async committed(topic: string, partitions: readonly number[]): Promise<CommittedOffset[]> {
    if (partitions.length === 0) return [];
    return this.using(async ({ consumer }) => {
      const offsets = await consumer.committed(
        partitions.map((partition) => ({ topic, partition })),
        this.timeoutMs,
      );
      return offsets.map((o) => ({ partition: o.partition, offset: committedOffset(o.offset) }));
    });
  }

  /** Records the group still has to read, per partition of `topic` (see topicLag). */
  async lag(topic: string): Promise<PartitionLag[]> {
    const offsets = await this.offsets(topic);
    const committed = await this.committed(
      topic,
      offsets.map((o) => o.partition),
    );
    return topicLag(offsets, committed);
  }

  /** Disconnects; the next call connects again. Never throws. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection === undefined) return;
    const clients = await connection.catch(() => undefined);
    if (clients === undefined) return;
    await clients.admin.disconnect().catch(() => undefined);
    await clients.consumer.disconnect().catch(() => undefined);
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 5_000;
  }

  private async using<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    const connecting = (this.connection ??= this.connect());
    let connection: Connection;
    try {
      connection = await connecting;
    } catch (err) {
      if (this.connection === connecting) this.connection = undefined;
      throw err;
    }
    return work(connection);
  }

  private async connect(): Promise<Connection> {
    const consumer = this.options.kafka.consumer({ kafkaJS: { groupId: this.options.groupId, autoCommit: false } });
    await consumer.connect();
    const admin = consumer.dependentAdmin();
    try {
      await admin.connect();
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    return { consumer, admin };
  }
}

/**
 * The client's committed offset as topicLag wants it: "-1" for nothing
 * committed. librdkafka reports that as a negative logical offset (-1001);
 * the KafkaJS layer reports both "nothing committed" and a committed 0 as
 * null (it tests the number for truthiness), so null is taken as nothing
 * committed — for lag the two are the same (counted from the low watermark),
 * and for the group's members too (they start from the beginning either way).
 */
export function committedOffset(offset: string | null): string {
  if (offset === null) return '-1';
  return BigInt(offset) < 0n ? '-1' : offset;
}
