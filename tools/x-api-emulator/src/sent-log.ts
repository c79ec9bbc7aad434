/**
 * The tweet lines written whole to stream clients, in order, so a test can
 * compare them byte for byte with what the producer published. Bounded: a
 * long-running emulator keeps only the newest `capacity` lines (and counts all).
 */
export class SentLog {
  private lines: string[] = [];
  private dropped = 0;

  constructor(private readonly capacity: number) {}

  record(line: string): void {
    this.lines.push(line);
    // Trim in batches so a full log does not shift its array on every line.
    if (this.lines.length > this.capacity * 1.1) {
      const excess = this.lines.length - this.capacity;
      this.lines = this.lines.slice(excess);
      this.dropped += excess;
    }
  }

  /** The newest lines (at most `capacity`), oldest first. */
  snapshot(): string[] {
    return this.lines.slice(-this.capacity);
  }

  /** Every line ever recorded since the last clear, including those no longer kept. */
  get total(): number {
    return this.dropped + this.lines.length;
  }

  clear(): void {
    this.lines = [];
    this.dropped = 0;
  }
}
