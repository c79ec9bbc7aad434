/**
 * How long to wait before reconnecting to the X filtered stream, following
 * X's published guidance:
 * - a dropped or stalled connection: reconnect at once;
 * - TCP/IP errors: back off linearly, +250 ms a try, up to 16 s;
 * - HTTP errors: exponentially from 5 s, up to 320 s;
 * - HTTP 429: exponentially from 1 min (no upper bound is given; capped at 16 min here).
 *
 * And what X's 2026 pay-per-use API adds:
 * - credits exhausted, spend limit or usage cap (HTTP 402, 429 UsageCapExceeded):
 *   not a rate limit — nothing changes until someone adds credits or the
 *   billing cycle ends, so a fixed long wait (X_CREDITS_BACKOFF_MS, 15 min)
 *   instead of a schedule that only burns connect attempts;
 * - TooManyConnections (a previous connection still counted): like a 429;
 * - a frame above the maximum frame size: the connection is reset and
 *   reopened with the network schedule, so a server that keeps sending one
 *   cannot make the producer reconnect in a tight loop.
 */
export const ReconnectReasons = [
  'disconnect',
  'stall',
  'network',
  'http',
  'rate_limited',
  'credits_exhausted',
  'too_many_connections',
  'oversized_frame',
] as const;
export type ReconnectReason = (typeof ReconnectReasons)[number];

/** 15 minutes: X's auto-recharge fires at most every 5 min, and a cap lasts until the cycle ends. */
export const DEFAULT_CREDITS_BACKOFF_MS = 15 * 60 * 1000;

/** `attempt` counts the consecutive failures of this kind, from 1. */
export function reconnectDelayMs(
  reason: ReconnectReason,
  attempt: number,
  creditsBackoffMs: number = DEFAULT_CREDITS_BACKOFF_MS,
): number {
  const n = Math.max(1, attempt);
  switch (reason) {
    case 'disconnect':
    case 'stall':
      return 0;
    case 'network':
    case 'oversized_frame':
      return Math.min(250 * n, 16_000);
    case 'http':
      return Math.min(5_000 * 2 ** (n - 1), 320_000);
    case 'rate_limited':
    case 'too_many_connections':
      return Math.min(60_000 * 2 ** (n - 1), 960_000);
    case 'credits_exhausted':
      return creditsBackoffMs;
  }
}

/** What a failed connection attempt tells us about why it failed. */
export function classifyConnectError(err: unknown): ReconnectReason | 'auth' {
  const status = httpStatus(err);
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'credits_exhausted';
  if (status === 429) {
    const problem = problemOf(err);
    if (problem.title === 'UsageCapExceeded' || problem.type?.endsWith('/usage-capped') === true) {
      return 'credits_exhausted';
    }
    if (problem.connection_issue === 'TooManyConnections') return 'too_many_connections';
    return 'rate_limited';
  }
  if (status !== undefined) return 'http';
  return 'network';
}

/** The problem document X answered with (twitter-api-v2 puts it on `data`), or an empty one. */
function problemOf(err: unknown): { title?: string; type?: string; connection_issue?: string } {
  const data = (err as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null) return {};
  const { title, type, connection_issue } = data as Record<string, unknown>;
  return {
    ...(typeof title === 'string' ? { title } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof connection_issue === 'string' ? { connection_issue } : {}),
  };
}

function httpStatus(err: unknown): number | undefined {
  const candidate = err as { code?: unknown; status?: unknown; error?: { code?: unknown } } | null;
  for (const value of [candidate?.code, candidate?.status, candidate?.error?.code]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}
