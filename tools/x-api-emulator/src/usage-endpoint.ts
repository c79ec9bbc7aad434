import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson, sendX } from './http-io.js';
import { tooManyRequests } from './x-problems.js';

/** What `GET /2/usage/tweets` reports: the project's post reads this billing cycle and its cap. */
export interface UsageFigures {
  /** Post reads of the cycle before the emulator started (configurable); streamed posts add to it. */
  readonly used: number;
  readonly cap: number;
  /** Day of the month (1–31, UTC) a new billing cycle starts. */
  readonly capResetDay: number;
}

/**
 * `GET /2/usage/tweets` (50 requests / 15 min): X's `{data: {project_id,
 * project_cap, project_usage, cap_reset_day}}`, the counts as decimal strings
 * as X sends them. The usage is the configured figure plus every post the
 * stream delivered, as each unique post delivered is a billed read.
 */
export function handleUsage(ctx: EmulatorContext, res: ServerResponse): void {
  const limit = ctx.limits.usage.take();
  if (!limit.allowed) return sendX(res, tooManyRequests(), limit.headers);
  const usage = ctx.usage();
  sendJson(
    res,
    200,
    {
      data: {
        project_id: '1000000000000000001',
        project_cap: String(usage.cap),
        project_usage: String(usage.used),
        cap_reset_day: usage.capResetDay,
      },
    },
    limit.headers,
  );
}
