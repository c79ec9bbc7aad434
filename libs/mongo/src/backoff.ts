export interface BackoffPolicy {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Capped exponential backoff with jitter: attempt 1 waits about `minMs`, each
 * further attempt twice as long, never more than `maxMs`. The delay is drawn
 * from the upper half of the step so instances that lost the database at the
 * same moment do not come back in lockstep. Pure (`random` is injectable).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(policy.maxMs, policy.minMs * 2 ** exponent);
  return Math.round(step / 2 + (random() * step) / 2);
}
