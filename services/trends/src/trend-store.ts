import pRetry from 'p-retry';
import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  type AnyBulkWriteOperation,
  type Collection,
} from 'mongodb';
import type { Logger } from '@tweet-pipeline/observability';
import { planIncrements, type HashtagHit, type TrendIncrement } from './trend-counts.js';

/** One document per (minute, hashtag) in `hashtag_trends`. */
export interface TrendDocument {
  readonly _id: string;
  readonly minute: Date;
  readonly hashtag: string;
  readonly count: number;
  /** Per source partition (`p<n>`), the last offset whose hashtags `count` includes. */
  readonly applied: Readonly<Record<string, number>>;
}

export interface CountOptions {
  readonly retryMaxMs: number;
  readonly signal?: AbortSignal;
  readonly log: Logger;
  /** Told when the database goes away and comes back, for /readyz. */
  readonly onAvailability: (available: boolean) => void;
}

const DUPLICATE_KEY = 11000;
/** Passing server states: shutting down, not primary, interrupted, busy (FerretDB reports SQLite locks as 1). */
const TRANSIENT_CODES = new Set([1, 6, 7, 64, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * The guarded upsert for one increment: it applies only while the document's
 * watermark for `partition` is still the one the increment was computed
 * against, and moves the watermark to `through` in the same single-document
 * update. Otherwise the upsert collides with the existing `_id` (duplicate
 * key): someone else counted first; read again. Pure.
 */
export function trendUpdate(
  increment: TrendIncrement,
  partition: number,
  through: number,
): AnyBulkWriteOperation<TrendDocument> {
  const watermark = `applied.p${partition}`;
  return {
    updateOne: {
      filter: { _id: increment.id, [watermark]: increment.after ?? { $exists: false } },
      update: {
        $inc: { count: increment.count },
        $set: { [watermark]: through },
        $setOnInsert: { minute: increment.minute, hashtag: increment.hashtag },
      },
      upsert: true,
    },
  };
}

/**
 * Adds one batch's hits (partition `partition`, records up to offset
 * `through`) to the trend documents exactly once: reads the documents'
 * watermarks, writes only what they lack, and on any transient failure or
 * lost race reads again. A partially applied write is therefore harmless. An
 * unavailable database is waited out with capped backoff, never skipped.
 *
 * @returns hashtag occurrences that were not counted yet when the batch came (0 = a redelivery).
 * @throws the driver's error when the database refuses the write for good.
 */
export async function countHits(
  trends: Collection<TrendDocument>,
  batch: { readonly partition: number; readonly through: number; readonly hits: readonly HashtagHit[] },
  options: CountOptions,
): Promise<number> {
  if (batch.hits.length === 0) return 0;
  const ids = [...new Set(batch.hits.map((hit) => hit.id))];
  let counted: number | undefined;
  await pRetry(
    async () => {
      const documents = await trends.find({ _id: { $in: ids } }, { projection: { applied: 1 } }).toArray();
      const watermarks = new Map<string, number>();
      for (const d of documents) {
        const offset = d.applied?.[`p${batch.partition}`];
        if (offset !== undefined) watermarks.set(d._id, offset);
      }
      const plan = planIncrements(batch.hits, watermarks);
      counted ??= plan.reduce((sum, increment) => sum + increment.count, 0);
      if (plan.length > 0) {
        // Ordered, so MongoDB stops at the first failure as FerretDB always does; a failed write is
        // never interpreted, only read back on the next attempt.
        await trends.bulkWrite(
          plan.map((increment) => trendUpdate(increment, batch.partition, batch.through)),
          { ordered: true },
        );
      }
      options.onAvailability(true);
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 100,
      maxTimeout: options.retryMaxMs,
      randomize: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      shouldRetry: ({ error }) => isLostRace(error) || isRetriable(error),
      onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
        if (!isLostRace(error)) options.onAvailability(false);
        options.log.warn({ err: error, attempt: attemptNumber, retryInMs: retryDelay }, 'trend write failed');
      },
    },
  );
  return counted ?? 0;
}

/** Another writer of the same partition (a revoked instance finishing its batch) moved a watermark first. */
function isLostRace(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/** The database is unavailable rather than refusing the data: wait and try again. */
function isRetriable(err: unknown): boolean {
  // A bulk write cut off on the network arrives wrapped, with the network error as its response.
  if (err instanceof MongoBulkWriteError && err.errorResponse instanceof Error) return isRetriable(err.errorResponse);
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoOperationTimeoutError) return true;
  if (!(err instanceof MongoServerError)) return false;
  return err.hasErrorLabel('RetryableWriteError') || TRANSIENT_CODES.has(Number(err.code));
}
