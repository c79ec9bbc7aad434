import pRetry from 'p-retry';
import type { Collection } from 'mongodb';
import type { Logger } from '@tweet-pipeline/observability';
import { insertBatch, isRetriableMongoError, type WriteOutcome } from './mongo-writer.js';
import type { TweetDocument } from './to-document.js';

export interface RetryPolicy {
  readonly minMs: number;
  readonly maxMs: number;
  readonly signal?: AbortSignal;
  /** Told when the database goes away and comes back, for /readyz and the availability gauge. */
  readonly onAvailability: (available: boolean) => void;
}

type Settled = Pick<WriteOutcome, 'inserted' | 'alreadyPresent' | 'rejected'>;

/**
 * Writes the batch until every document is stored, already present, or
 * refused for good. An outage is waited out with capped exponential backoff —
 * never skipped, never a crash loop; only the documents that failed are
 * written again.
 */
export async function writeUntilSettled(
  collection: Collection<TweetDocument>,
  documents: readonly TweetDocument[],
  policy: RetryPolicy,
  log: Logger,
): Promise<Settled> {
  const settled = { inserted: 0, alreadyPresent: 0, rejected: [] as WriteOutcome['rejected'][number][] };
  let pending = documents;
  await pRetry(
    async () => {
      const outcome = await insertBatch(collection, pending);
      policy.onAvailability(true);
      settled.inserted += outcome.inserted;
      settled.alreadyPresent += outcome.alreadyPresent;
      settled.rejected.push(...outcome.rejected);
      pending = outcome.retry;
      if (pending.length > 0) throw new TransientDocumentsError(pending.length);
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: policy.minMs,
      maxTimeout: policy.maxMs,
      factor: 2,
      randomize: true,
      ...(policy.signal === undefined ? {} : { signal: policy.signal }),
      shouldRetry: ({ error }) => error instanceof TransientDocumentsError || isRetriableMongoError(error),
      onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
        if (!(error instanceof TransientDocumentsError)) policy.onAvailability(false);
        log.warn(
          { err: error, attempt: attemptNumber, retryInMs: retryDelay, pending: pending.length },
          'database write failed; retrying',
        );
      },
    },
  );
  return settled;
}

class TransientDocumentsError extends Error {
  constructor(count: number) {
    super(`${count} documents failed transiently`);
    this.name = 'TransientDocumentsError';
  }
}
