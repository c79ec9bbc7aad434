/**
 * Splits the X stream's bytes into messages on `\r\n`, at the byte level: a
 * chunk may end inside a multi-byte character or inside `\r\n`, so decoding
 * chunk by chunk would corrupt emoji. Empty lines are keep-alives.
 */
export class CrLfFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; calls `onLine` with each complete message (without `\r\n`) and `onKeepAlive` per empty line. */
  push(chunk: Buffer, onLine: (line: Buffer) => void, onKeepAlive: () => void): void {
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    for (;;) {
      const end = data.indexOf('\r\n', start);
      if (end === -1) break;
      if (end === start) onKeepAlive();
      else onLine(data.subarray(start, end));
      start = end + 2;
    }
    data = data.subarray(start);
    // Copy so the retained tail does not pin the whole chunk in memory.
    this.pending = Buffer.from(data);
  }

  /** Drops a partial message: the connection it belonged to is gone. */
  reset(): void {
    this.pending = Buffer.alloc(0);
  }

  get bufferedBytes(): number {
    return this.pending.length;
  }
}
