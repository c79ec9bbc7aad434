/** Why the emulator refused input from a test or the control plane. Stable: callers branch on them. */
export const EmulatorErrorCodes = ['INVALID_TWEET_MESSAGE', 'INVALID_FAULT'] as const;
export type EmulatorErrorCode = (typeof EmulatorErrorCodes)[number];

/**
 * Thrown by `inject` and `faults.add` (and answered as HTTP 400 by the
 * control plane) for input that is not what X would send or do. Retrying
 * never helps: the input must change.
 */
export class EmulatorInputError extends Error {
  readonly retriable = false;
  constructor(
    readonly code: EmulatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmulatorInputError';
  }
}
