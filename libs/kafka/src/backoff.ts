import { retryWithBackoff, type BackoffPolicy, type Logger } from '@tweet-pipeline/observability';
import { isRetriableKafkaError } from './errors.js';

export { backoffDelay, type BackoffPolicy } from '@tweet-pipeline/observability';

/** Start-up and transaction retries: quick at first, then at most every 10 s. */
export const DEFAULT_KAFKA_BACKOFF: BackoffPolicy = { minMs: 250, maxMs: 10_000 };

export interface RetryOptions {
  /** What is being tried, for the log line of each failed attempt. */
  readonly what: string;
  readonly log: Logger;
  readonly backoff?: BackoffPolicy;
  /** Which failures are worth another attempt (default: a broker that is unavailable); the others are thrown. */
  readonly retriable?: (err: unknown) => boolean;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of each failure that will be retried, before the wait (e.g. to show it on /readyz). */
  readonly onRetry?: (err: unknown) => void;
}

/**
 * Runs `work` until it succeeds, waiting with capped exponential backoff after
 * each retriable Kafka failure. For start-up steps that need the broker
 * (ensure topics, connect): the failure policy says a broker outage is waited
 * out, not turned into a crash loop.
 *
 * @throws the first non-retriable error.
 */
export function retryWhileRetriable<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  return retryWithBackoff(work, {
    backoff: DEFAULT_KAFKA_BACKOFF,
    retriable: isRetriableKafkaError,
    ...options,
  });
}
