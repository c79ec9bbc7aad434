/** The stream a progress line writes to: stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressLineOptions {
  /** Where the line goes: stderr unless said otherwise (stdout stays for a command's results). */
  readonly stream?: ProgressStream;
  /** Written before every line, e.g. `[bench] `. */
  readonly prefix?: string;
  /** Least time between two plain lines when the stream is not a terminal (10 s). */
  readonly everyMs?: number;
  /** Least time between two redraws of the line on a terminal (100 ms). */
  readonly redrawMs?: number;
  readonly now?: () => number;
}

// Carriage return, then erase the whole line (ECMA-48 EL 2): the line is redrawn where it was.
const REDRAW = '\r\x1b[2K';

/**
 * Progress of long work. On a terminal, one line redrawn in place as `update` is called (at most
 * every `redrawMs`); elsewhere (a log file, CI) a plain line at most every `everyMs`, so a log
 * shows the work going on without a line per update. Use `print` for lines that must stay (they
 * appear above the progress line) and `done` when the work ends.
 */
export class ProgressLine {
  private readonly stream: ProgressStream;
  private readonly prefix: string;
  private readonly tty: boolean;
  private readonly everyMs: number;
  private readonly now: () => number;
  private latest: string | undefined;
  private latestShown = false;
  private lastShownAt = Number.NEGATIVE_INFINITY;
  /** On a terminal: a progress line is on screen and the cursor at its end. */
  private drawn = false;

  constructor(options: ProgressLineOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.prefix = options.prefix ?? '';
    this.tty = this.stream.isTTY === true;
    this.everyMs = this.tty ? (options.redrawMs ?? 100) : (options.everyMs ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /** The work's state now, e.g. `throughput: 45% (90,000 / 200,000), 15,234 tweets/s`. */
  update(text: string): void {
    this.latest = text;
    this.latestShown = false;
    const now = this.now();
    if (now - this.lastShownAt < this.everyMs) return;
    this.lastShownAt = now;
    this.show();
  }

  /** A line that stays (a step begins, a result): printed above the progress line, which is then redrawn. */
  print(line: string): void {
    if (!this.tty) {
      this.stream.write(`${this.prefix}${line}\n`);
      return;
    }
    this.stream.write(`${this.drawn ? REDRAW : ''}${this.prefix}${line}\n`);
    this.drawn = false;
    if (this.latest !== undefined && this.latestShown) this.show();
  }

  /** The work ended: its last state is left shown (printed once more if it was not yet), and the next `update` starts afresh. */
  done(): void {
    if (this.latest !== undefined && !this.latestShown) this.show();
    if (this.drawn) this.stream.write('\n');
    this.latest = undefined;
    this.latestShown = false;
    this.drawn = false;
    this.lastShownAt = Number.NEGATIVE_INFINITY;
  }

  private show(): void {
    const line = `${this.prefix}${this.latest ?? ''}`;
    if (this.tty) {
      // A line longer than the terminal would wrap, and the carriage return would redraw only its last part.
      const width = Math.max(10, (this.stream.columns ?? 80) - 1);
      this.stream.write(`${REDRAW}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      this.drawn = true;
    } else {
      this.stream.write(`${line}\n`);
    }
    this.latestShown = true;
  }
}
