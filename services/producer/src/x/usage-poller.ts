import { setTimeout as sleep } from 'node:timers/promises';
import type { TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import { classifyConnectError } from './reconnect-policy.js';

/** The project's post reads this billing cycle, as `GET /2/usage/tweets` reports them. */
export interface XUsage {
  readonly postReads: number;
  readonly cap: number;
  /** Day of the month (UTC) a billing cycle starts. */
  readonly capResetDay: number;
  /** Post reads at the end of the cycle if the cycle-to-date rate holds. */
  readonly projected: number;
}

interface UsageBody {
  data?: { project_usage?: unknown; project_cap?: unknown; cap_reset_day?: unknown };
}

/** X sends the counts as decimal strings; a number is accepted too. */
function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** When the billing cycle holding `nowMs` started and ends (UTC, day `resetDay`, clamped to the month's length). */
export function billingCycle(nowMs: number, resetDay: number): { startMs: number; endMs: number } {
  const now = new Date(nowMs);
  const at = (year: number, month: number): number => {
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(Math.max(1, resetDay), days));
  };
  let start = at(now.getUTCFullYear(), now.getUTCMonth());
  if (start > nowMs) start = at(now.getUTCFullYear(), now.getUTCMonth() - 1);
  const startDate = new Date(start);
  return { startMs: start, endMs: at(startDate.getUTCFullYear(), startDate.getUTCMonth() + 1) };
}

/**
 * Post reads projected at the end of the cycle, at the cycle-to-date rate.
 * The first hour of a cycle is counted as an hour, so one early burst does not
 * project to billions.
 */
export function projectCycleEnd(postReads: number, nowMs: number, resetDay: number): number {
  const { startMs, endMs } = billingCycle(nowMs, resetDay);
  const elapsed = Math.max(60 * 60 * 1000, nowMs - startMs);
  return Math.round((postReads * (endMs - startMs)) / Math.max(elapsed, 1));
}

/**
 * Reads `GET /2/usage/tweets` once.
 *
 * @throws the client's error (HTTP or network), or an Error when the body is not X's usage shape.
 */
export async function readUsage(client: TwitterApi, nowMs: number = Date.now()): Promise<XUsage> {
  const body = await client.v2.get<UsageBody>('usage/tweets');
  const postReads = count(body.data?.project_usage);
  const cap = count(body.data?.project_cap);
  const resetDay = count(body.data?.cap_reset_day) ?? 1;
  if (postReads === undefined || cap === undefined)
    throw new Error('GET /2/usage/tweets answered without project_usage/project_cap');
  return { postReads, cap, capResetDay: resetDay, projected: projectCycleEnd(postReads, nowMs, resetDay) };
}

export interface UsagePollerOptions {
  readonly client: TwitterApi;
  /** Between reads (X_USAGE_POLL_MS; X allows 50 per 15 min, 5 min uses 3). */
  readonly intervalMs: number;
  readonly onUsage: (usage: XUsage) => void;
  readonly log: Logger;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Reads the project's usage every `intervalMs` until `signal` aborts. A
 * failed read is logged and retried at the next interval: usage is for
 * dashboards and alerts, never a reason to stop reading posts.
 */
export async function pollUsage(options: UsagePollerOptions, signal: AbortSignal): Promise<void> {
  const wait = options.sleep ?? ((ms: number, s: AbortSignal) => sleep(ms, undefined, { signal: s }));
  while (!signal.aborted) {
    try {
      const usage = await readUsage(options.client);
      options.onUsage(usage);
      options.log.debug({ ...usage }, 'X usage read');
    } catch (err) {
      options.log.warn(
        { reason: classifyConnectError(err), status: (err as { code?: unknown }).code },
        'reading X usage (GET /2/usage/tweets) failed; retrying at the next interval',
      );
    }
    await wait(options.intervalMs, signal).catch(() => undefined);
  }
}
