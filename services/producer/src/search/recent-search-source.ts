import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import type { RawRecord } from '../raw-publisher.js';
import { classifyConnectError, reconnectDelayMs } from '../x/reconnect-policy.js';
import { XAccessError } from '../x/filtered-stream-source.js';
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
}

/**
 * Polls `GET /2/tweets/search/recent` for a query: each poll asks only for
 * tweets newer than the previous poll's `meta.newest_id` (`since_id`) and
 * follows `next_token`; the newest id is checkpointed once the poll's tweets
 * are durable, so a restart — or another pod — resumes where this one left.
 * Rate-limit headers are respected: an exhausted window is waited out.
 */
export class RecentSearchSource {
  readonly checkpointKey: string;
  private sinceId: string | undefined;

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
        wait = kind === 'rate_limited' && reset !== undefined ? reset : reconnectDelayMs(kind, failures);
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
    let nextToken: string | undefined;
    let newest: string | undefined;
    let waitMs = 0;
    for (let page = 0; page < this.options.maxPages && !signal.aborted; page++) {
      const { fields } = this.options;
      const response = await this.options.client.v2.get<SearchPage>(
        'tweets/search/recent',
        {
          query: this.options.query,
          max_results: 100,
          'tweet.fields': fields['tweet.fields'].join(','),
          expansions: fields.expansions.join(','),
          'user.fields': fields['user.fields'].join(','),
          ...(this.sinceId === undefined ? {} : { since_id: this.sinceId }),
          ...(nextToken === undefined ? {} : { next_token: nextToken }),
        },
        { fullResponse: true },
      );
      const body = response.data;
      newest ??= body.meta?.newest_id;
      if ((body.data?.length ?? 0) > 0)
        await this.options.accept(searchPageRecords(body, Date.now(), 'x-recent-search'));
      const limit = response.rateLimit;
      if (limit !== undefined && limit.remaining === 0) waitMs = Math.max(0, limit.reset * 1000 - Date.now());
      nextToken = body.meta?.next_token;
      if (nextToken === undefined || waitMs > 0) break;
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

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    const wait = this.options.sleep ?? ((delay: number, s: AbortSignal) => sleep(delay, undefined, { signal: s }));
    await wait(ms, signal).catch(() => undefined);
  }
}

function rateLimitResetMs(err: unknown): number | undefined {
  const reset = (err as { rateLimit?: { reset?: number } }).rateLimit?.reset;
  return reset === undefined ? undefined : Math.max(1_000, reset * 1000 - Date.now());
}
