import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger.js';

export interface BackoffPolicy {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Capped exponential backoff with jitter: attempt 1 waits about `minMs`, each
 * further attempt twice as long, never more than `maxMs`. The delay is drawn
 * from the upper half of the step so instances that lost a server at the same
 * moment do not come back in lockstep. Pure (`random` is injectable).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(policy.maxMs, policy.minMs * 2 ** exponent);
  return Math.round(step / 2 + (random() * step) / 2);
}

export interface RetryWithBackoffOptions {
  /** What is being tried, for the warn line of each failed attempt: "connect to …", "create topics". */
  readonly what: string;
  readonly log: Logger;
  readonly backoff: BackoffPolicy;
  /** Which failures another attempt can get past; the others are thrown at once. */
  readonly retriable: (err: unknown) => boolean;
  /** Ends the waiting with an AbortError (a stop during an outage). */
  readonly signal?: AbortSignal;
  /** Told of each failure that will be retried, before the wait. */
  readonly onRetry?: (err: unknown) => void;
  /** Told when an attempt succeeds. */
  readonly onSuccess?: () => void;
  /** Substitutes the wait in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `work` until it succeeds, waiting with capped exponential backoff after
 * each retriable failure (a warn line with the attempt, the delay and the
 * reason each time). The failure policy's "transient errors are waited out,
 * not turned into a crash loop", in one place for every client. `work` must
 * be safe to run again.
 *
 * @throws the first error `retriable` refuses; an AbortError when `signal` fires.
 */
export async function retryWithBackoff<T>(work: () => Promise<T>, options: RetryWithBackoffOptions): Promise<T> {
  const { signal } = options;
  const wait = options.sleep ?? ((ms: number) => sleep(ms, undefined, signal === undefined ? undefined : { signal }));
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      const result = await work();
      options.onSuccess?.();
      return result;
    } catch (err) {
      if (!options.retriable(err)) throw err;
      options.onRetry?.(err);
      const delayMs = backoffDelay(attempt, options.backoff);
      options.log.warn({ err, attempt, delayMs }, `${options.what} failed; retrying`);
      await wait(delayMs);
    }
  }
}
