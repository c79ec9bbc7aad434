/**
 * A command line that cannot run: an unknown option, a missing or bad value. Its message is one
 * line naming the problem; `parseOrExit` prints it and exits 2.
 */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * `--help` or `-h` was given: not a failure, but nothing else may happen either. Thrown (like
 * commander's own help signal) so a parse function can keep returning only runnable options;
 * `parseOrExit` prints `text` on stdout and exits 0.
 */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}
