/** Why a frame was given up on: it grew past the maximum frame size without a delimiter. */
export interface OversizedFrame {
  /** The first bytes of the frame (at most `maxFrameBytes`), for the DLQ. */
  readonly head: Buffer;
  /** Bytes of the frame seen before it was given up on (at least `maxFrameBytes + 1`). */
  readonly bytes: number;
}

/**
 * Splits the X stream's bytes into messages on `\n`, at the byte level: a
 * chunk may end inside a multi-byte character or inside `\r\n`, so decoding
 * chunk by chunk would corrupt emoji. X frames with `\r\n`; its own local
 * emulator and some proxies send a bare `\n`, so a trailing `\r` is dropped
 * when present and both are accepted. Empty lines are keep-alives.
 *
 * A frame may not grow past `maxFrameBytes`: a server that never sends a
 * delimiter would otherwise grow the producer's memory without bound. Past
 * it, `onOversized` gets the frame's head and the framer stops (`overflowed`);
 * the caller resets the connection, as the rest of that frame is unusable.
 */
export class CrLfFramer {
  private pending: Buffer = Buffer.alloc(0);
  private overflow = false;

  /** @param maxFrameBytes largest message accepted, delimiter excluded (X_STREAM_MAX_FRAME_BYTES). */
  constructor(private readonly maxFrameBytes: number = 1024 * 1024) {}

  /**
   * Feeds a chunk; calls `onLine` with each complete message (without its
   * delimiter), `onKeepAlive` per empty line, and `onOversized` once when a
   * frame exceeds the maximum (nothing more is framed after it).
   */
  push(
    chunk: Buffer,
    onLine: (line: Buffer) => void,
    onKeepAlive: () => void,
    onOversized: (frame: OversizedFrame) => void = () => undefined,
  ): void {
    if (this.overflow) return;
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, start);
      if (newline === -1) break;
      const end = newline > start && data[newline - 1] === 0x0d ? newline - 1 : newline;
      if (end - start > this.maxFrameBytes) return this.giveUp(data.subarray(start, end), onOversized);
      if (end === start) onKeepAlive();
      else onLine(data.subarray(start, end));
      start = newline + 1;
    }
    data = data.subarray(start);
    // A `\r` may still be followed by `\n`, so it does not count against the limit yet.
    const partial = data.length > 0 && data[data.length - 1] === 0x0d ? data.length - 1 : data.length;
    if (partial > this.maxFrameBytes) return this.giveUp(data, onOversized);
    // Copy so the retained tail does not pin the whole chunk in memory.
    this.pending = Buffer.from(data);
  }

  /** True once a frame exceeded the maximum: the connection must be reset. */
  get overflowed(): boolean {
    return this.overflow;
  }

  /** Drops a partial message: the connection it belonged to is gone. */
  reset(): void {
    this.pending = Buffer.alloc(0);
    this.overflow = false;
  }

  get bufferedBytes(): number {
    return this.pending.length;
  }

  private giveUp(frame: Buffer, onOversized: (frame: OversizedFrame) => void): void {
    this.overflow = true;
    this.pending = Buffer.alloc(0);
    onOversized({ head: Buffer.from(frame.subarray(0, this.maxFrameBytes)), bytes: frame.length });
  }
}
