import { RawHeaders, type TweetSource } from '@tweet-pipeline/contracts';
import { dlqRecord, type Message, type Producer, type TopicMessages } from '@tweet-pipeline/kafka';
import type { ProducerMetrics } from './metrics.js';

/** One record as received: the key is the tweet id, the value the message bytes exactly as received. */
export interface RawRecord {
  /** The tweet id; empty when the bytes held no readable id (then `invalid` says why). */
  readonly key: string;
  readonly value: string | Buffer;
  readonly source: TweetSource;
  readonly receivedAt: number;
  /** Set when the source received bytes that are not a tweet message: they go to the DLQ with this reason. */
  readonly invalid?: string;
}

export interface PublisherTopics {
  readonly raw: string;
  readonly dlq: string;
}

/**
 * Publishes raw records to `tweets.raw`, keyed by tweet id, with the `source`
 * and `received-at` headers; records a source could not read go to
 * `tweets.dlq` with the reason, so nothing received is dropped.
 */
export class RawPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topics: PublisherTopics,
    private readonly metrics: Pick<ProducerMetrics, 'published' | 'dlq'>,
  ) {}

  /** Resolves once Kafka acknowledged every record (acks=all). */
  async publish(records: readonly RawRecord[]): Promise<void> {
    if (records.length === 0) return;
    const raw: Message[] = [];
    const dead: Message[] = [];
    for (const record of records) {
      if (record.invalid === undefined) {
        raw.push({
          key: record.key,
          value: record.value,
          headers: { [RawHeaders.source]: record.source, [RawHeaders.receivedAt]: String(record.receivedAt) },
        });
      } else {
        dead.push(this.deadLetter(record, record.invalid));
      }
    }
    const topicMessages: TopicMessages[] = [];
    if (raw.length > 0) topicMessages.push({ topic: this.topics.raw, messages: raw });
    if (dead.length > 0) topicMessages.push({ topic: this.topics.dlq, messages: dead });
    await this.producer.sendBatch({ topicMessages });
    this.metrics.published.inc(raw.length);
    if (dead.length > 0) this.metrics.dlq.inc({ service: 'producer', error_code: 'INVALID_JSON' }, dead.length);
  }

  private deadLetter(record: RawRecord, reason: string): Message {
    const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
    return dlqRecord({
      key: record.key === '' ? null : Buffer.from(record.key),
      value,
      code: 'INVALID_JSON',
      reason,
      sourceTopic: `x:${record.source}`,
      sourcePartition: -1,
      sourceOffset: String(record.receivedAt),
      service: 'producer',
    });
  }
}
