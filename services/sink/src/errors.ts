/**
 * Stable codes for the errors the sink raises; callers branch on `code`,
 * never on the message.
 */
export const SinkErrorCodes = {
  /** The database did not answer in time or could not take writes (network, server selection, shutdown, write-concern timeout). */
  DATABASE_UNAVAILABLE: { retriable: true },
  /** The server refused a whole command for a reason a retry cannot fix (authorization, an unknown write concern). */
  DATABASE_REFUSED: { retriable: false },
  /** The rebuild found members in the sink's consumer group: a sink is running. */
  /** A command-line argument of the rebuild is invalid. */
  INVALID_ARGUMENT: { retriable: false },
} as const;
export type SinkErrorCode = keyof typeof SinkErrorCodes;

/** Raised by the sink's adapters and the rebuild CLI; `retriable` says whether the same call can succeed later. */
export class SinkError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: SinkErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SinkError';
    this.retriable = SinkErrorCodes[code].retriable;
  }
}
