import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ETwitterStreamEvent, type TweetStream, type TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import type { RawRecord } from '../raw-publisher.js';
import { CrLfFramer } from './crlf-framer.js';
import { classifyConnectError, reconnectDelayMs, type ReconnectReason } from './reconnect-policy.js';
import { classifyStreamLine } from './stream-line.js';

export interface StreamQuery {
  readonly 'tweet.fields': readonly string[];
  readonly expansions: readonly string[];
  readonly 'user.fields': readonly string[];
}

export interface FilteredStreamOptions {
  readonly client: TwitterApi;
  readonly query: StreamQuery;
  /** No data and no keep-alive for this long = stalled: reconnect (X: 20 s). */
  readonly stallMs: number;
  /** Takes what was received; resolves once it is durable (waits while the spool is full). */
  readonly accept: (records: readonly RawRecord[]) => Promise<void>;
  readonly log: Logger;
  readonly onConnected: (connected: boolean) => void;
  readonly onReconnect: (reason: ReconnectReason) => void;
  readonly onErrorPayload: (title: string) => void;
  /** Scheduling seam: tests shrink X's delays (the schedule itself is asserted on `onReconnect`/`delays`). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** X refused the credentials or the access level: retrying cannot help. */
export class XAccessError extends Error {
  readonly code = 'X_ACCESS_DENIED';
  readonly retriable = false;
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(
      status === 401
        ? `X rejected the bearer token (HTTP 401): check X_BEARER_TOKEN. ${detail}`
        : `X refused access to the filtered stream (HTTP 403): the app's access level or project does not allow it. ${detail}`,
    );
    this.name = 'XAccessError';
  }
}

/**
 * The X API v2 filtered stream, read with twitter-api-v2 and reconnected by
 * X's published guidance. Each tweet is kept exactly as received: the bytes
 * are framed here on `\r\n` (the library decodes chunk by chunk and parses,
 * which would split multi-byte characters and round numeric rule ids).
 */
export class FilteredStreamSource {
  /** Delays chosen before each reconnect, in order (for logs and tests). */
  readonly delays: { reason: ReconnectReason; ms: number }[] = [];
  private readonly failures = new Map<ReconnectReason, number>();

  constructor(private readonly options: FilteredStreamOptions) {}

  /**
   * Runs until `signal` aborts.
   *
   * @throws XAccessError on HTTP 401/403: one clear message, no retry loop.
   */
  async run(signal: AbortSignal): Promise<void> {
    const { client, query, log } = this.options;
    const stream = await client.v2.searchStream({
      'tweet.fields': [...query['tweet.fields']] as never,
      expansions: [...query.expansions] as never,
      'user.fields': [...query['user.fields']] as never,
      autoConnect: false,
    });
    // The library's own error events are informational here: reconnects are driven below.
    stream.on(ETwitterStreamEvent.Error, () => undefined);
    signal.addEventListener('abort', () => stream.close(), { once: true });
    while (!signal.aborted) {
      try {
        await stream.reconnect();
      } catch (err) {
        const kind = classifyConnectError(err);
        if (kind === 'auth') throw new XAccessError((err as { code: number }).code, describe(err));
        log.warn({ err: describe(err), reason: kind }, 'X stream connection failed');
        await this.backoff(kind, signal);
        continue;
      }
      this.failures.clear();
      this.options.onConnected(true);
      log.info('X filtered stream connected');
      const reason = await this.consume(stream, signal);
      this.options.onConnected(false);
      if (signal.aborted) break;
      log.warn({ reason }, 'X filtered stream dropped; reconnecting');
      await this.backoff(reason, signal);
    }
  }

  /** Reads one connection until it ends; returns why it ended. */
  private consume(stream: TweetStream, signal: AbortSignal): Promise<ReconnectReason> {
    const res = (stream as unknown as { res?: Readable }).res;
    if (res === undefined) return Promise.resolve('network');
    const framer = new CrLfFramer();
    let stallTimer: NodeJS.Timeout | undefined;
    return new Promise<ReconnectReason>((resolve) => {
      let ended = false;
      const end = (reason: ReconnectReason): void => {
        if (ended) return;
        ended = true;
        clearTimeout(stallTimer);
        stream.close();
        resolve(reason);
      };
      const armStallTimer = (): void => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => end('stall'), this.options.stallMs);
      };
      armStallTimer();
      res.on('data', (chunk: Buffer) => {
        armStallTimer();
        const records: RawRecord[] = [];
        const receivedAt = Date.now();
        framer.push(
          chunk,
          (line) => this.onLine(line, receivedAt, records),
          () => undefined,
        );
        if (records.length === 0) return;
        // Backpressure: while the spool is full, stop reading (X disconnects readers that fall too far behind).
        res.pause();
        this.options.accept(records).then(
          () => res.resume(),
          () => end('network'),
        );
      });
      res.once('end', () => end('disconnect'));
      res.once('close', () => end('disconnect'));
      res.once('error', () => end('network'));
      signal.addEventListener('abort', () => end('disconnect'), { once: true });
    });
  }

  private onLine(line: Buffer, receivedAt: number, into: RawRecord[]): void {
    const message = classifyStreamLine(line);
    switch (message.kind) {
      case 'tweet':
        into.push({ key: message.id, value: Buffer.from(line), source: 'x-filtered-stream', receivedAt });
        return;
      case 'error':
        this.options.log.warn(
          { title: message.title, detail: message.detail },
          'X sent an error payload on the stream',
        );
        this.options.onErrorPayload(message.title);
        return;
      case 'invalid':
        this.options.log.warn({ reason: message.reason, bytes: line.length }, 'unreadable stream message to the DLQ');
        into.push({
          key: '',
          value: Buffer.from(line),
          source: 'x-filtered-stream',
          receivedAt,
          invalid: message.reason,
        });
        return;
    }
  }

  private async backoff(reason: ReconnectReason, signal: AbortSignal): Promise<void> {
    const attempt = (this.failures.get(reason) ?? 0) + 1;
    this.failures.set(reason, attempt);
    const ms = reconnectDelayMs(reason, attempt);
    this.delays.push({ reason, ms });
    this.options.onReconnect(reason);
    const wait = this.options.sleep ?? ((delay: number, s: AbortSignal) => sleep(delay, undefined, { signal: s }));
    await wait(ms, signal).catch(() => undefined);
  }
}

function describe(err: unknown): string {
  const e = err as { message?: string; data?: { title?: string; detail?: string } };
  return [e.data?.title, e.data?.detail, e.message].filter(Boolean).join(': ');
}
