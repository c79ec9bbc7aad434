import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import type { RawRecord } from '../raw-publisher.js';
import { classifyConnectError, DEFAULT_CREDITS_BACKOFF_MS, reconnectDelayMs } from '../x/reconnect-policy.js';
import { objectFields, XAccessError, type XBlock } from '../x/filtered-stream-source.js';
import { searchPageRecords, type SearchPage } from '../x/search-page.js';
import type { StreamQuery } from '../x/filtered-stream-source.js';
import type { CheckpointStore } from './checkpoint-store.js';

export interface RecentSearchOptions {
  readonly client: TwitterApi;
  readonly query: string;
  readonly fields: StreamQuery;
  readonly intervalMs: number;
  /** Pages per poll at most (100 tweets each); bounds the first poll, which has no since_id. */
  readonly maxPages: number;
  readonly accept: (records: readonly RawRecord[]) => Promise<void>;
  readonly checkpoints: CheckpointStore;
  readonly log: Logger;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Wait after 402 / 429 UsageCapExceeded (X_CREDITS_BACKOFF_MS). Default 15 min. */
  readonly creditsBackoffMs?: number;
  /** Told while X refuses the account for credits (and undefined once a poll succeeds again). */
  readonly onBlocked?: (block: XBlock | undefined) => void;
  /** Clock seam for the 7-day window. */
  readonly now?: () => number;
}

/** Recent search covers the last 7 days. */
export const SEARCH_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Resume this far inside the window, so clock skew and the request's own latency cannot push it out. */
const WINDOW_MARGIN_MS = 60_000;
const X_EPOCH_MS = 1_288_834_974_657n;

/** When the post with this (snowflake) id was created, in epoch ms. */
export function postIdTimeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + X_EPOCH_MS);
}

/**
 * Polls `GET /2/tweets/search/recent` for a query: each poll asks only for
 * tweets newer than the previous poll's `meta.newest_id` (`since_id`) and
 * follows `next_token`; the newest id is checkpointed once the poll's tweets
 * are durable, so a restart — or another pod — resumes where this one left.
 * Rate-limit headers are respected: an exhausted window is waited out and
 * the poll resumes from the same `next_token`, so no page is skipped. A
 * checkpoint older than the 7-day window (X refuses such a `since_id`)
 * resumes at the window's start, with a warning: what is older is gone.
 */
export class RecentSearchSource {
  readonly checkpointKey: string;
  private sinceId: string | undefined;
  /** A poll cut short by the rate limit or an error: where it goes on, and its newest id so far. */
  private resume: { nextToken: string; newest: string | undefined } | undefined;

  constructor(private readonly options: RecentSearchOptions) {
    this.checkpointKey = `recent-search:${createHash('sha256').update(options.query).digest('hex').slice(0, 16)}`;
  }

  async run(signal: AbortSignal): Promise<void> {
    this.sinceId = await this.options.checkpoints.load(this.checkpointKey);
    this.options.log.info({ query: this.options.query, sinceId: this.sinceId }, 'recent search polling started');
    let failures = 0;
    while (!signal.aborted) {
      let wait = this.options.intervalMs;
      try {
        wait = Math.max(wait, await this.poll(signal));
        failures = 0;
      } catch (err) {
        const kind = classifyConnectError(err);
        if (kind === 'auth') throw new XAccessError((err as { code: number }).code, 'recent search');
        failures++;
        const reset = rateLimitResetMs(err);
        if (kind === 'credits_exhausted') this.options.onBlocked?.(kind);
        wait =
          kind === 'rate_limited' && reset !== undefined
            ? reset
            : reconnectDelayMs(kind, failures, this.options.creditsBackoffMs ?? DEFAULT_CREDITS_BACKOFF_MS);
        this.options.log.warn(
          { reason: kind, retryInMs: wait, status: (err as { code?: unknown }).code },
          'recent search failed',
        );
      }
      await this.pause(wait, signal);
    }
  }

  /** One poll: every page newer than the checkpoint. Returns how long the rate limit asks to wait (0 = no constraint). */
  async poll(signal: AbortSignal): Promise<number> {
    let nextToken = this.resume?.nextToken;
    let newest = this.resume?.newest;
    this.resume = undefined;
    let waitMs = 0;
    const startTime = nextToken === undefined ? this.windowStart() : undefined;
    for (let page = 0; page < this.options.maxPages && !signal.aborted; page++) {
      const { fields } = this.options;
      let response;
      try {
        response = await this.options.client.v2.get<SearchPage>(
          'tweets/search/recent',
          {
            query: this.options.query,
            max_results: 100,
            'tweet.fields': fields['tweet.fields'].join(','),
            expansions: fields.expansions.join(','),
            'user.fields': fields['user.fields'].join(','),
            ...objectFields(fields),
            ...(this.sinceId === undefined ? {} : { since_id: this.sinceId }),
            ...(startTime === undefined ? {} : { start_time: startTime }),
            ...(nextToken === undefined ? {} : { next_token: nextToken }),
          },
          { fullResponse: true },
        );
      } catch (err) {
        // A 429 (or any failure) mid-poll: the next poll asks for this same page again.
        if (nextToken !== undefined) this.resume = { nextToken, newest };
        throw err;
      }
      this.options.onBlocked?.(undefined);
      const body = response.data;
      newest ??= body.meta?.newest_id;
      if ((body.data?.length ?? 0) > 0)
        await this.options.accept(searchPageRecords(body, Date.now(), 'x-recent-search'));
      const limit = response.rateLimit;
      if (limit !== undefined && limit.remaining === 0) waitMs = Math.max(0, limit.reset * 1000 - Date.now());
      nextToken = body.meta?.next_token;
      if (nextToken !== undefined && waitMs > 0) {
        // Out of requests mid-poll: wait for the reset and go on from this token (the checkpoint
        // moves only when the whole poll is read, so a restart re-reads rather than skips).
        this.resume = { nextToken, newest };
        this.options.log.info(
          { retryInMs: waitMs },
          'recent search rate limit reached mid-poll; resuming after the reset',
        );
        return waitMs;
      }
      if (nextToken === undefined) break;
    }
    if (nextToken !== undefined && waitMs === 0) {
      this.options.log.warn(
        { maxPages: this.options.maxPages },
        'recent search had more pages than a poll may read; older ones are skipped',
      );
    }
    if (newest !== undefined) {
      this.sinceId = newest;
      // The tweets are in the spool already; a failed save only means re-reading them after a restart.
      await this.options.checkpoints
        .save(this.checkpointKey, newest)
        .catch((err: unknown) =>
          this.options.log.warn({ err }, 'saving the search checkpoint failed; will retry next poll'),
        );
    }
    return waitMs;
  }

  /**
   * A checkpoint older than the 7-day window: X refuses it as `since_id`, and
   * the posts between it and the window are gone. Drop it and ask from the
   * window's start instead (returned as `start_time`), saying so.
   */
  private windowStart(): string | undefined {
    if (this.sinceId === undefined) return undefined;
    const now = (this.options.now ?? Date.now)();
    const earliest = now - SEARCH_WINDOW_MS + WINDOW_MARGIN_MS;
    const checkpointMs = postIdTimeMs(this.sinceId);
    if (checkpointMs >= earliest) return undefined;
    this.options.log.warn(
      {
        sinceId: this.sinceId,
        checkpointAt: new Date(checkpointMs).toISOString(),
        resumingAt: new Date(earliest).toISOString(),
      },
      'recent search checkpoint is older than the 7-day window: resuming at the window start; posts in between are not recoverable by recent search',
    );
    this.sinceId = undefined;
    return new Date(earliest).toISOString();
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    const wait = this.options.sleep ?? ((delay: number, s: AbortSignal) => sleep(delay, undefined, { signal: s }));
    await wait(ms, signal).catch(() => undefined);
  }
}

function rateLimitResetMs(err: unknown): number | undefined {
  const reset = (err as { rateLimit?: { reset?: number } }).rateLimit?.reset;
  return reset === undefined ? undefined : Math.max(1_000, reset * 1000 - Date.now());
}
