import { randomUUID } from 'node:crypto';
import kafkaJavascript from '@confluentinc/kafka-javascript';
import { topicLag } from '@tweet-pipeline/kafka';

type KafkaConsumer = InstanceType<typeof kafkaJavascript.KafkaConsumer>;

const call = <T>(work: (done: (err: unknown, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => work((err, value) => (err ? reject(err as Error) : resolve(value))));

/**
 * How far a consumer group is behind on a topic (sum over partitions of end
 * offset minus committed offset), read through a consumer client of that
 * group id that never joins it (no subscribe, no assign).
 *
 * Not through the admin API: @confluentinc/kafka-javascript 1.10.1
 * (librdkafka 2.15.1) dereferences a null consumer-group handle when an
 * admin `fetchOffsets` (ListConsumerGroupOffsets) is answered NOT_COORDINATOR,
 * as it is for a while after a broker restart — the process dies with
 * SIGSEGV in rd_kafka_cgrp_op called from rd_kafka_handle_OffsetFetch. A
 * consumer client has that handle and retries NOT_COORDINATOR properly.
 */
export class GroupLag {
  private consumer: KafkaConsumer | undefined;

  constructor(
    private readonly brokers: readonly string[],
    private readonly groupId: string,
    private readonly topic: string,
    private readonly partitions: number,
  ) {}

  /** @throws the client's error when the broker does not answer within `timeoutMs`. */
  async lag(timeoutMs = 10_000): Promise<number> {
    try {
      const consumer = await this.connected(timeoutMs);
      const toppars = Array.from({ length: this.partitions }, (_, partition) => ({ topic: this.topic, partition }));
      const committed = await call<{ partition: number; offset: number }[]>((done) =>
        consumer.committed(toppars, timeoutMs, done),
      );
      const ends = await Promise.all(
        toppars.map(({ partition }) =>
          call<{ highOffset: number; lowOffset: number }>((done) =>
            consumer.queryWatermarkOffsets(this.topic, partition, timeoutMs, done),
          ).then((w) => ({ partition, end: String(w.highOffset), low: String(w.lowOffset) })),
        ),
      );
      // librdkafka reports "nothing committed" as a negative logical offset; topicLag wants -1.
      const offsets = committed.map((c) => ({ partition: c.partition, offset: String(c.offset < 0 ? -1 : c.offset) }));
      return topicLag(ends, offsets).reduce((sum, p) => sum + p.lag, 0);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer !== undefined) await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }

  private async connected(timeoutMs: number): Promise<KafkaConsumer> {
    if (this.consumer !== undefined) return this.consumer;
    const consumer = new kafkaJavascript.KafkaConsumer(
      {
        'bootstrap.servers': this.brokers.join(','),
        'client.id': `drills-lag-${randomUUID()}`,
        'group.id': this.groupId,
        'enable.auto.commit': false,
        'socket.timeout.ms': timeoutMs,
      },
      {},
    );
    await call<unknown>((done) => consumer.connect({ timeout: timeoutMs }, done));
    this.consumer = consumer;
    return consumer;
  }
}
