import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ETwitterStreamEvent, type TweetStream, type TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import type { RawRecord } from '../raw-publisher.js';
import { CrLfFramer, type OversizedFrame } from './crlf-framer.js';
import {
  classifyConnectError,
  DEFAULT_CREDITS_BACKOFF_MS,
  reconnectDelayMs,
  type ReconnectReason,
} from './reconnect-policy.js';
import { classifyStreamLine } from './stream-line.js';

export interface StreamQuery {
  readonly 'tweet.fields': readonly string[];
  readonly expansions: readonly string[];
  readonly 'user.fields': readonly string[];
  /** Fields of the objects the media, place and poll expansions pull into `includes` (X's defaults when absent). */
  readonly 'media.fields'?: readonly string[];
  readonly 'place.fields'?: readonly string[];
  readonly 'poll.fields'?: readonly string[];
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
  /**
   * Why X does not let the stream connect, while that lasts (`undefined` once
   * connected again): for `/readyz` and the x_credits_exhausted metric.
   */
  readonly onBlocked?: (block: XBlock | undefined) => void;
  /** Largest stream message accepted (X_STREAM_MAX_FRAME_BYTES); above it: DLQ and reset. Default 1 MiB. */
  readonly maxFrameBytes?: number;
  /** Wait after 402 / 429 UsageCapExceeded (X_CREDITS_BACKOFF_MS). Default 15 min. */
  readonly creditsBackoffMs?: number;
  /**
   * On TooManyConnections, close the app's stale streaming connections with
   * `DELETE /2/connections/all` and connect again (X_CLEAR_STALE_CONNECTIONS).
   * Off: back off like a 429 and say why. Only safe when no other process
   * streams with the same app.
   */
  readonly clearStaleConnections?: boolean;
  /** Scheduling seam: tests shrink X's delays (the schedule itself is asserted on `onReconnect`/`delays`). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Why X keeps the stream from connecting, as shown by `/readyz`. */
export type XBlock = 'credits_exhausted' | 'too_many_connections';

/** The readiness reason for each block: what an operator reads first. */
export const X_BLOCK_REASONS: Readonly<Record<XBlock, string>> = {
  credits_exhausted: 'X credits exhausted (HTTP 402 or 429 UsageCapExceeded): add credits or raise the spend limit',
  too_many_connections:
    'X TooManyConnections: another connection of this app is still counted (set X_CLEAR_STALE_CONNECTIONS=true to close it)',
};

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
      ...objectFields(query),
      autoConnect: false,
    });
    // The library's own error events are informational here: reconnects are driven below.
    stream.on(ETwitterStreamEvent.Error, () => undefined);
    signal.addEventListener('abort', () => stream.close(), { once: true });
    let clearedStale = false;
    while (!signal.aborted) {
      try {
        await stream.reconnect();
      } catch (err) {
        const kind = classifyConnectError(err);
        if (kind === 'auth') throw new XAccessError((err as { code: number }).code, describe(err));
        if (kind === 'too_many_connections' && this.options.clearStaleConnections === true && !clearedStale) {
          // Once per refusal streak: if the slot is still taken after clearing, someone else holds it.
          clearedStale = true;
          if (await this.clearStaleConnections()) continue;
        }
        if (kind === 'credits_exhausted' || kind === 'too_many_connections') this.options.onBlocked?.(kind);
        const level = kind === 'credits_exhausted' ? 'error' : 'warn';
        log[level](
          { err: describe(err), reason: kind },
          kind === 'credits_exhausted'
            ? 'X credits exhausted or usage cap reached: not retrying until the long back-off ends (add credits or raise the spend limit)'
            : kind === 'too_many_connections'
              ? 'X refused the stream: TooManyConnections (a previous connection of this app is still counted)'
              : 'X stream connection failed',
        );
        await this.backoff(kind, signal);
        continue;
      }
      clearedStale = false;
      this.failures.clear();
      this.options.onBlocked?.(undefined);
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
    // Aborted while connecting: the abort listener below would never fire.
    if (signal.aborted) return Promise.resolve('disconnect');
    const framer = new CrLfFramer(this.options.maxFrameBytes);
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
          (frame) => records.push(this.oversized(frame, receivedAt)),
        );
        if (framer.overflowed) {
          // The rest of that frame is unusable and the server may never end it: drop the connection.
          res.pause();
          this.options.accept(records).then(
            () => end('oversized_frame'),
            () => end('network'),
          );
          return;
        }
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

  /** A frame above the maximum: its head to the DLQ (the publisher truncates it to the record limit). */
  private oversized(frame: OversizedFrame, receivedAt: number): RawRecord {
    const max = this.options.maxFrameBytes ?? 1024 * 1024;
    this.options.log.error(
      { bytes: frame.bytes, maxFrameBytes: max },
      'stream message above the maximum frame size: to the DLQ, connection reset',
    );
    return {
      key: '',
      value: frame.head,
      source: 'x-filtered-stream',
      receivedAt,
      invalid: `stream message exceeds the maximum frame size of ${max} bytes (X_STREAM_MAX_FRAME_BYTES); the connection was reset`,
    };
  }

  /** `DELETE /2/connections/all`; true when X closed them (then connect again at once). */
  private async clearStaleConnections(): Promise<boolean> {
    const { client, log } = this.options;
    try {
      await client.v2.delete('connections/all');
      log.warn("X TooManyConnections: closed this app's stale streaming connections (X_CLEAR_STALE_CONNECTIONS)");
      return true;
    } catch (err) {
      log.warn({ err: describe(err) }, 'closing stale X connections failed; backing off');
      return false;
    }
  }

  private async backoff(reason: ReconnectReason, signal: AbortSignal): Promise<void> {
    const attempt = (this.failures.get(reason) ?? 0) + 1;
    this.failures.set(reason, attempt);
    const ms = reconnectDelayMs(reason, attempt, this.options.creditsBackoffMs ?? DEFAULT_CREDITS_BACKOFF_MS);
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

/** The media, place and poll field lists of a query, as the stream and search parameters; empty ones left out. */
export function objectFields(query: StreamQuery): Record<string, string> {
  const lists = {
    'media.fields': query['media.fields'],
    'place.fields': query['place.fields'],
    'poll.fields': query['poll.fields'],
  };
  return Object.fromEntries(
    Object.entries(lists)
      .filter((entry): entry is [string, readonly string[]] => entry[1] !== undefined && entry[1].length > 0)
      .map(([name, list]) => [name, list.join(',')]),
  );
}
