import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { Logger } from '@tweet-pipeline/observability';
import { backoffDelay, type BackoffPolicy } from '@tweet-pipeline/mongo';
import type { DuplicateResolver } from './duplicate-resolver.js';
import { SinkError } from './errors.js';
import { insertBatch, type InsertOptions, type RejectedDocument } from './mongo-writer.js';
import type { TweetDocument } from './to-document.js';

export interface BatchWriterOptions {
  readonly collection: Collection<TweetDocument>;
  readonly writeConcern: InsertOptions['writeConcern'];
  readonly duplicates: DuplicateResolver;
  /** Attempts for documents that failed for a passing reason while the rest were written. */
  readonly attempts: number;
  readonly backoff: BackoffPolicy;
  readonly log: Logger;
  /** Told the duration of every bulk write (one round trip), for the write-duration histogram. */
  readonly onWrite?: (seconds: number) => void;
}

export type BatchWriteResult =
  | {
      readonly kind: 'written';
      readonly inserted: readonly TweetDocument[];
      readonly alreadyPresent: number;
      readonly rejected: readonly RejectedDocument[];
    }
  | {
      /**
       * Not every document is stored: the caller must not commit the batch
       * and writes it again later. `inserted` were stored on the way (they
       * will count as already present next time).
       */
      readonly kind: 'unavailable';
      readonly inserted: readonly TweetDocument[];
      readonly reason: string;
    };

/**
 * Writes one batch, retrying in place — a few times, with short backoff —
 * only the documents that failed for a passing reason. A batch the database
 * cannot take at all comes back `unavailable` at once: waiting out an outage
 * is the caller's job (pause the partition), not this call's, so the consumer
 * keeps polling and stays in its group.
 *
 * @throws SinkError DATABASE_REFUSED when the server refuses the whole
 *   command for good (authorization, unknown write concern): a
 *   configuration fault that no retry fixes.
 */
export async function writeBatch(
  documents: readonly TweetDocument[],
  options: BatchWriterOptions,
): Promise<BatchWriteResult> {
  const inserted: TweetDocument[] = [];
  const rejected: RejectedDocument[] = [];
  let alreadyPresent = 0;
  let pending = documents;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const result = await insertBatch(options.collection, pending, options);
    options.onWrite?.((performance.now() - started) / 1000);
    if (result.kind === 'batch_failed') {
      if (!result.retriable) {
        throw new SinkError(
          'DATABASE_REFUSED',
          `the database refused the bulk write (code ${result.code}): ${result.reason}`,
        );
      }
      return { kind: 'unavailable', inserted, reason: `code ${result.code}: ${result.reason}` };
    }
    inserted.push(...result.inserted);
    alreadyPresent += result.alreadyPresent.length;
    rejected.push(...result.rejected);
    if (result.retry.length === 0) return { kind: 'written', inserted, alreadyPresent, rejected };
    if (attempt >= options.attempts) {
      return {
        kind: 'unavailable',
        inserted,
        reason: `${result.retry.length} documents still failing transiently after ${attempt} attempts`,
      };
    }
    const delayMs = backoffDelay(attempt, options.backoff);
    options.log.warn(
      { attempt, retrying: result.retry.length, delayMs },
      'some documents failed for a passing reason; writing them again',
    );
    pending = result.retry;
    await sleep(delayMs);
  }
}
