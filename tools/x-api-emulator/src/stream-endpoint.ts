import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context.js';
import { parseFieldSelection } from './field-selection.js';
import { sendX } from './http-io.js';
import {
  invalidRequest,
  noRulesConfigured,
  serviceUnavailable,
  tooManyConnections,
  tooManyRequests,
} from './x-problems.js';

/**
 * `GET /2/tweets/search/stream`: the connection checks X makes, in its order
 * (rate limit, parameters, connection cap, rules), then a chunked 200 whose
 * body the firehose writes. `backfill_minutes`, `start_time` and `end_time`
 * are accepted and ignored: the emulator keeps no backlog to replay.
 */
export function handleStream(ctx: EmulatorContext, res: ServerResponse, query: URLSearchParams): void {
  const limit = ctx.limits.stream.take();
  if (!limit.allowed) return sendX(res, tooManyRequests(), limit.headers);
  const fault = ctx.faults.take(['too-many-connections', 'http-5xx']);
  if (fault !== undefined) {
    ctx.log.info({ fault }, 'stream connection refused by fault');
    return sendX(res, fault.type === 'http-5xx' ? serviceUnavailable() : tooManyConnections(), limit.headers);
  }
  const selection = parseFieldSelection(query);
  if (Array.isArray(selection)) return sendX(res, invalidRequest(selection), limit.headers);
  if (ctx.firehose.connected) return sendX(res, tooManyConnections(), limit.headers);
  if (ctx.rules.list().length === 0) return sendX(res, noRulesConfigured(), limit.headers);
  res.writeHead(200, {
    ...limit.headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-cache, no-store, max-age=0',
  });
  // The client counts as connected once it has the headers, before any tweet exists.
  res.flushHeaders();
  ctx.firehose.attach(res, selection);
}
