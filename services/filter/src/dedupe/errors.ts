/**
 * Stable codes for the errors the dedupe memory raises; callers branch on
 * `code`. None is retriable: each means a bad input or a wiring mistake, and
 * the same call fails the same way again.
 */
export const DedupeErrorCodes = {
  /** An id is empty, not a string, or has a character other than 0-9. */
  ID_NOT_DECIMAL: { retriable: false },
  /** An id has a leading zero: ids are canonical decimals, so "007" would alias "7". */
  ID_LEADING_ZERO: { retriable: false },
  /** An id is above 2^64 - 1. */
  ID_OUT_OF_RANGE: { retriable: false },
  /** A first-seen time is not a millisecond epoch between 1970 and 2106. */
  TIME_OUT_OF_RANGE: { retriable: false },
  /** A partition is used before `assign` or after `revoke`. */
  PARTITION_NOT_ASSIGNED: { retriable: false },
  /** A table would need more slots than one typed array can hold. */
  CAPACITY_EXCEEDED: { retriable: false },
} as const;
export type DedupeErrorCode = keyof typeof DedupeErrorCodes;

/**
 * Raised by the dedupe memory. A RangeError because every code means "a value
 * outside the allowed set": an id, a time, a partition or a size.
 */
export class DedupeError extends RangeError {
  readonly retriable: boolean;
  constructor(
    readonly code: DedupeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DedupeError';
    this.retriable = DedupeErrorCodes[code].retriable;
  }
}
