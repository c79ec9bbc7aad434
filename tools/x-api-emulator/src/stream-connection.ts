import type { ServerResponse } from 'node:http';
import type { Logger } from '@tweet-pipeline/observability';
import { StreamFaultTypes, type FaultPlan, type StreamFaultType } from './faults.js';
import { operationalDisconnectLine, slowReaderDisconnectLine } from './x-problems.js';

export interface StreamConnectionOptions {
  readonly res: ServerResponse;
  readonly id: number;
  readonly keepAliveMs: number;
  /** How long the socket may stay full (the client not reading) before X gives up on it. */
  readonly slowReaderMs: number;
  readonly faults: FaultPlan;
  readonly log: Logger;
  /** Called with each tweet line written whole to the socket (without its `\r\n`). */
  readonly onDelivered: (line: string) => void;
  /** Called once, when the connection is over for whatever reason. */
  readonly onClosed: (connection: StreamConnection) => void;
}

const CRLF = '\r\n';
/** Lines held while stalled or while the client is not reading; beyond this X's buffer would overflow too. */
const MAX_HELD_LINES = 100_000;
/** After giving up on a slow reader, how long (at least) the goodbye may take to leave before the socket is destroyed. */
const SLOW_READER_GOODBYE_MS = 1_000;

/**
 * One open `GET /2/tweets/search/stream` response, framed as X frames it: one
 * JSON message per `\r\n`-terminated line, a bare `\r\n` after every
 * `keepAliveMs` of silence. Makes the stream faults happen, and drops a client
 * that stops reading (X's "unable to keep up" disconnect).
 */
export class StreamConnection {
  private readonly res: ServerResponse;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private slowReaderTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private held: string[] = [];
  private waitingForDrain = false;
  private open = true;
  /** X frames with `\r\n`; the `bare-lf-framing` fault makes this connection use `\n`. */
  private readonly delimiter: string;

  constructor(private readonly options: StreamConnectionOptions) {
    this.res = options.res;
    this.delimiter = options.faults.take(['bare-lf-framing']) === undefined ? CRLF : '\n';
    this.res.on('drain', () => this.onDrain());
    this.res.on('close', () => this.finish('client closed'));
    this.armKeepAlive();
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Sends one tweet line (or holds it while stalled or while the client is not reading). */
  deliver(line: string): void {
    if (!this.open) return;
    if (this.stallTimer !== undefined || this.waitingForDrain) {
      if (this.held.length < MAX_HELD_LINES) this.held.push(line);
      return;
    }
    this.writeTweet(line);
  }

  /** Makes the next pending stream fault (disconnect, stall, reset) happen to this connection now. */
  applyPendingFault(types: readonly StreamFaultType[] = StreamFaultTypes): void {
    if (!this.open || this.stallTimer !== undefined) return;
    const fault = this.options.faults.take(types);
    if (fault === undefined) return;
    this.options.log.info({ connection: this.options.id, fault }, 'stream fault');
    if (fault.type === 'operational-disconnect') {
      this.write(operationalDisconnectLine + CRLF);
      this.res.end();
      this.finish('operational-disconnect');
    } else if (fault.type === 'tcp-reset') {
      this.finish('tcp-reset');
      this.res.socket?.resetAndDestroy();
    } else if (fault.type === 'huge-frame') {
      // A message that never ends: its opening, then filler, and no delimiter at all.
      this.write(`{"data":{"id":"1","text":"${'x'.repeat(Math.max(0, fault.bytes - 26))}`);
    } else {
      this.stall(fault.durationMs);
    }
  }

  /** Ends the stream without a goodbye (emulator shutdown). */
  destroy(): void {
    this.finish('emulator closing');
    this.res.destroy();
  }

  private writeTweet(line: string): void {
    if (this.options.faults.take(['malformed-line']) !== undefined) {
      // Cut inside the JSON, never at its end, so the line cannot parse.
      this.write(line.slice(0, Math.max(1, Math.floor(line.length / 2))) + this.delimiter);
      return;
    }
    // Counted as sent once the bytes reached the kernel: a line still buffered in Node when
    // the connection is destroyed (slow reader, reset) never left, as with X's own buffers.
    this.write(line + this.delimiter, (err) => {
      if (err === undefined || err === null) this.options.onDelivered(line);
    });
  }

  private write(chunk: string, onFlushed?: (err?: Error | null) => void): void {
    const flushed = onFlushed === undefined ? this.res.write(chunk) : this.res.write(chunk, onFlushed);
    this.armKeepAlive();
    if (!flushed && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.slowReaderTimer = setTimeout(() => this.dropSlowReader(), this.options.slowReaderMs);
    }
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    clearTimeout(this.slowReaderTimer);
    this.flushHeld();
  }

  private flushHeld(): void {
    while (this.open && this.held.length > 0 && !this.waitingForDrain && this.stallTimer === undefined) {
      this.writeTweet(this.held.shift()!);
    }
  }

  private stall(durationMs: number): void {
    clearTimeout(this.keepAliveTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      this.flushHeld();
      this.armKeepAlive();
      // A disconnect or reset asked for during the stall happens now; further
      // stalls wait for the next connection rather than lengthening this one.
      this.applyPendingFault(['operational-disconnect', 'tcp-reset']);
    }, durationMs);
  }

  private armKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    if (!this.open || this.stallTimer !== undefined) return;
    this.keepAliveTimer = setTimeout(() => {
      if (!this.waitingForDrain) this.write(this.delimiter);
      else this.armKeepAlive();
    }, this.options.keepAliveMs);
  }

  private dropSlowReader(): void {
    this.options.log.warn({ connection: this.options.id, held: this.held.length }, 'client not reading; disconnecting');
    this.res.end(slowReaderDisconnectLine + CRLF);
    this.finish('slow reader');
    setTimeout(() => this.res.destroy(), Math.max(SLOW_READER_GOODBYE_MS, this.options.slowReaderMs)).unref();
  }

  private finish(reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.held = [];
    clearTimeout(this.keepAliveTimer);
    clearTimeout(this.slowReaderTimer);
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.options.log.info({ connection: this.options.id, reason }, 'stream closed');
    this.options.onClosed(this);
  }
}
