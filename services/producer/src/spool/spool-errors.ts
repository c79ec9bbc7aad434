/** The spool is at its byte bound: stop reading the source until the drainer frees room. Retriable. */
export class SpoolFullError extends Error {
  readonly code = 'SPOOL_FULL';
  readonly retriable = true;
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`spool full: ${bytes} of ${maxBytes} bytes used`);
    this.name = 'SpoolFullError';
  }
}
