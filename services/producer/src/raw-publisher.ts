import { RawHeaders, type TweetSource } from '@tweet-pipeline/contracts';
import type { Producer } from '@tweet-pipeline/kafka';
import type { ProducerMetrics } from './metrics.js';

/** One record as received: the key is the tweet id, the value the message bytes exactly as received. */
export interface RawRecord {
  readonly key: string;
  readonly value: string | Buffer;
  readonly source: TweetSource;
  readonly receivedAt: number;
}

/** Publishes raw records to `tweets.raw`, keyed by tweet id, with the `source` and `received-at` headers. */
export class RawPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly metrics: ProducerMetrics,
  ) {}

  /** Resolves once Kafka acknowledged every record (acks=all). */
  async publish(records: readonly RawRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      messages: records.map((record) => ({
        key: record.key,
        value: record.value,
        headers: { [RawHeaders.source]: record.source, [RawHeaders.receivedAt]: String(record.receivedAt) },
      })),
    });
    this.metrics.published.inc(records.length);
  }
}
