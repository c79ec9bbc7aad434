import type { DlqErrorCode } from '@tweet-pipeline/contracts';
import { dlqRecord, nextOffset, type Message } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import { writeBatch, type BatchWriterOptions } from './batch-writer.js';
import type { DatabaseAvailability } from './database-availability.js';
import type { SinkMetrics } from './metrics.js';
import type { FlushContext, FlushResult, TopicPartition } from './partition-batcher.js';
import type { SinkEntry } from './sink-entry.js';
import type { TweetDocument } from './to-document.js';

const MAX_LOGGED_REASON = 1_000;

export interface BatchFlusherOptions {
  readonly service: string;
  readonly writer: BatchWriterOptions;
  readonly availability: DatabaseAvailability;
  /** Sends DLQ records and resolves when the broker acknowledged them. */
  readonly sendToDlq: (records: Message[]) => Promise<void>;
  /** Commits `offset` (the next record to read) for the partition. */
  readonly commit: (tp: TopicPartition, offset: string) => Promise<void>;
  readonly metrics: SinkMetrics;
  readonly log: Logger;
}

/**
 * The sink's unit of work for one batch of one partition: one unordered bulk
 * write, refused documents and invalid records to the DLQ, then — only after
 * the database and the broker acknowledged — the offset commit.
 */
export function createBatchFlusher(options: BatchFlusherOptions) {
  const { metrics, log, service } = options;
  return async (tp: TopicPartition, entries: readonly SinkEntry[], context: FlushContext): Promise<FlushResult> => {
    const last = entries.at(-1);
    if (last === undefined) return 'done';
    const documents: TweetDocument[] = [];
    const origin = new Map<TweetDocument, SinkEntry>();
    const dead: Message[] = [];
    const deadCodes: DlqErrorCode[] = [];
    const toDead = (entry: SinkEntry, code: DlqErrorCode, reason: string): void => {
      // A server's refusal may quote the whole document; the DLQ header keeps 1,000 characters too.
      const brief = reason.slice(0, MAX_LOGGED_REASON);
      log.warn(
        { topic: tp.topic, partition: tp.partition, offset: entry.offset, code, reason: brief },
        'record to DLQ',
      );
      deadCodes.push(code);
      dead.push(
        dlqRecord({
          key: entry.key,
          value: entry.value,
          code,
          reason,
          sourceTopic: tp.topic,
          sourcePartition: tp.partition,
          sourceOffset: entry.offset,
          service,
        }),
      );
    };
    for (const entry of entries) {
      if ('invalid' in entry) continue;
      documents.push(entry.document);
      origin.set(entry.document, entry);
    }

    const written = await writeBatch(documents, options.writer);
    metrics.documents.inc({ result: 'inserted' }, written.inserted.length);
    const now = Date.now();
    for (const document of written.inserted) metrics.endToEnd.observe((now - document.received_at.getTime()) / 1000);
    if (written.kind === 'unavailable') {
      options.availability.markUnavailable(written.reason);
      return 'unavailable';
    }
    options.availability.writeSucceeded();

    // Invalid records and refused documents, in offset order, with the server's reason.
    const refused = new Map(written.rejected.map((r) => [origin.get(r.document), r]));
    for (const entry of entries) {
      if ('invalid' in entry) toDead(entry, entry.invalid.code, entry.invalid.reason);
      else {
        const rejection = refused.get(entry);
        if (rejection !== undefined) {
          toDead(entry, 'DOCUMENT_REJECTED', `MongoDB error ${rejection.code}: ${rejection.reason}`);
        }
      }
    }
    if (dead.length > 0) await options.sendToDlq(dead);
    for (const code of deadCodes) metrics.dlq.inc({ service, error_code: code });
    metrics.documents.inc({ result: 'already_present' }, written.alreadyPresent);
    metrics.documents.inc({ result: 'failed' }, written.rejected.length);

    // Offsets move only after the database and the DLQ acknowledged every record of the batch.
    if (!context.owned()) return 'done';
    try {
      await options.commit(tp, nextOffset(last.offset));
    } catch (err) {
      // Harmless for correctness: the next commit covers these offsets, and a redelivery is idempotent.
      metrics.commitFailures.inc();
      log.warn({ err, topic: tp.topic, partition: tp.partition, offset: last.offset }, 'offset commit failed');
    }
    return 'done';
  };
}
