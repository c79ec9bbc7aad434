/**
 * How long to wait before reconnecting to the X filtered stream, following
 * X's published guidance:
 * - a dropped or stalled connection: reconnect at once;
 * - TCP/IP errors: back off linearly, +250 ms a try, up to 16 s;
 * - HTTP errors: exponentially from 5 s, up to 320 s;
 * - HTTP 429: exponentially from 1 min (no upper bound is given; capped at 16 min here).
 */
export const ReconnectReasons = ['disconnect', 'stall', 'network', 'http', 'rate_limited'] as const;
export type ReconnectReason = (typeof ReconnectReasons)[number];

/** `attempt` counts the consecutive failures of this kind, from 1. */
export function reconnectDelayMs(reason: ReconnectReason, attempt: number): number {
  const n = Math.max(1, attempt);
  switch (reason) {
    case 'disconnect':
    case 'stall':
      return 0;
    case 'network':
      return Math.min(250 * n, 16_000);
    case 'http':
      return Math.min(5_000 * 2 ** (n - 1), 320_000);
    case 'rate_limited':
      return Math.min(60_000 * 2 ** (n - 1), 960_000);
  }
}

/** What a failed connection attempt tells us about why it failed. */
export function classifyConnectError(err: unknown): ReconnectReason | 'auth' {
  const status = httpStatus(err);
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status !== undefined) return 'http';
  return 'network';
}

function httpStatus(err: unknown): number | undefined {
  const candidate = err as { code?: unknown; status?: unknown; error?: { code?: unknown } } | null;
  for (const value of [candidate?.code, candidate?.status, candidate?.error?.code]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}
