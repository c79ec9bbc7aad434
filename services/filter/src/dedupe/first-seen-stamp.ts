import { DedupeError } from './errors.js';

/**
 * How a first-seen time is kept in a table slot: whole seconds since the Unix
 * epoch, plus one, in 32 bits. The plus one frees the value 0 to mean "empty
 * slot", so no id (not even id 0) needs to be reserved as a marker and no
 * occupancy bitmap is needed.
 *
 * Seconds, not milliseconds, to fit 32 bits (until 2106). Rounding is always
 * towards keeping an id: expiry compares whole seconds, so an id may be kept
 * up to one second past the window, never dropped before it ends.
 */

/** The latest first-seen time a slot can hold (early 2106). */
export const MAX_FIRST_SEEN_MS = (2 ** 32 - 2) * 1000 + 999;

/**
 * The stamp of a first-seen time: in [1, 2^32 - 1].
 * @throws {DedupeError} `TIME_OUT_OF_RANGE` for a time before 1970, after
 *   {@link MAX_FIRST_SEEN_MS}, or not a number.
 */
export function toStamp(firstSeenMs: number): number {
  if (!(firstSeenMs >= 0 && firstSeenMs <= MAX_FIRST_SEEN_MS)) {
    throw new DedupeError(
      'TIME_OUT_OF_RANGE',
      `first-seen time must be epoch milliseconds in [0, ${MAX_FIRST_SEEN_MS}], got ${String(firstSeenMs)}`,
    );
  }
  return Math.floor(firstSeenMs / 1000) + 1;
}

/** The first-seen time a stamp stands for, at the start of its second. */
export function fromStamp(stamp: number): number {
  return (stamp - 1) * 1000;
}

/**
 * The lowest stamp that survives an expiry at `cutoffMs`: a stamp below it is
 * from a second that ended at or before the cutoff. Any number is accepted:
 * a cutoff before 1970 keeps everything, one past 2106 drops everything.
 */
export function survivingStamp(cutoffMs: number): number {
  if (!(cutoffMs >= 0)) return 0;
  return Math.floor(cutoffMs / 1000) + 1;
}
