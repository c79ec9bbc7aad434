import {
  MAX_RECORD_BYTES,
  RawHeaders,
  recordBytes,
  type DlqErrorCode,
  type TweetSource,
} from '@tweet-pipeline/contracts';
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
 * Whether a readable record fits in one Kafka record on `tweets.raw`. One that
 * does not goes to the DLQ as `MESSAGE_TOO_LARGE` instead: Kafka would refuse
 * it on every retry and stop the spool drain behind it.
 */
export function fitsInKafka(record: RawRecord): boolean {
  return recordBytes(rawMessage(record)) <= MAX_RECORD_BYTES;
}

/**
 * Publishes raw records to `tweets.raw`, keyed by tweet id, with the `source`
 * and `received-at` headers; records a source could not read go to
 * `tweets.dlq` with the reason (`INVALID_JSON`), and records too large for
 * Kafka with `MESSAGE_TOO_LARGE` (a bounded prefix, the original's size and
 * sha256 in headers), so nothing received is dropped or blocks the rest.
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
    const dead: { code: DlqErrorCode; message: Message }[] = [];
    for (const record of records) {
      if (record.invalid !== undefined) {
        dead.push(this.deadLetter(record, 'INVALID_JSON', record.invalid));
        continue;
      }
      const message = rawMessage(record);
      const bytes = recordBytes(message);
      if (bytes <= MAX_RECORD_BYTES) raw.push(message);
      else
        dead.push(
          this.deadLetter(
            record,
            'MESSAGE_TOO_LARGE',
            `record of ${bytes} bytes exceeds the Kafka record limit of ${MAX_RECORD_BYTES} bytes`,
          ),
        );
    }
    const topicMessages: TopicMessages[] = [];
    if (raw.length > 0) topicMessages.push({ topic: this.topics.raw, messages: raw });
    if (dead.length > 0) topicMessages.push({ topic: this.topics.dlq, messages: dead.map((d) => d.message) });
    await this.producer.sendBatch({ topicMessages });
    this.metrics.published.inc(raw.length);
    for (const { code } of dead) this.metrics.dlq.inc({ service: 'producer', error_code: code });
  }

  private deadLetter(record: RawRecord, code: DlqErrorCode, reason: string): { code: DlqErrorCode; message: Message } {
    const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
    const message = dlqRecord({
      key: record.key === '' ? null : Buffer.from(record.key),
      value,
      code,
      reason,
      sourceTopic: `x:${record.source}`,
      sourcePartition: -1,
      sourceOffset: String(record.receivedAt),
      service: 'producer',
    });
    return { code, message };
  }
}

function rawMessage(record: RawRecord): Message & { headers: Record<string, string> } {
  return {
    key: record.key,
    value: record.value,
    headers: { [RawHeaders.source]: record.source, [RawHeaders.receivedAt]: String(record.receivedAt) },
  };
}
