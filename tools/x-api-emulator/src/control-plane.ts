import type { IncomingMessage, ServerResponse } from 'node:http';
import { toFaultSpec, toTweetMessages } from './control-input.js';
import type { EmulatorContext } from './emulator-context.js';
import { EmulatorInputError } from './errors.js';
import { readJsonBody, RequestBodyError, sendJson } from './http-io.js';

/** Control-plane paths; no auth, for tests and demos only (X has nothing like it). */
export const CONTROL_PREFIX = '/_emulator/';

/**
 * `POST /_emulator/tweets` (JSON array of `{data, includes?}`),
 * `POST /_emulator/faults` (`{type, count?, durationMs?}` or an array of them),
 * `GET /_emulator/sent` (JSON array of the tweet lines streamed, as strings),
 * `GET /_emulator/state`, `POST /_emulator/reset`.
 */
export async function handleControl(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'POST tweets': {
        const messages = toTweetMessages(await readJsonBody(req));
        for (const message of messages) ctx.firehose.publish(message);
        return sendJson(res, 200, { accepted: messages.length });
      }
      case 'POST faults': {
        const body = await readJsonBody(req);
        const specs = (Array.isArray(body) ? body : [body]).map(toFaultSpec);
        for (const spec of specs) ctx.faults.add(spec);
        ctx.firehose.applyStreamFaults();
        ctx.log.info({ faults: specs }, 'faults armed');
        return sendJson(res, 200, { pending: ctx.faults.pending() });
      }
      case 'GET sent':
        return sendJson(res, 200, ctx.sent.snapshot());
      case 'GET state':
        return sendJson(res, 200, {
          connected: ctx.firehose.connected,
          connections: ctx.firehose.connections,
          rules: ctx.rules.list(),
          sent: ctx.sent.total,
          stored_tweets: ctx.store.size,
          pending_faults: ctx.faults.pending(),
        });
      case 'POST reset':
        ctx.reset();
        res.writeHead(204).end();
        return;
      default:
        return sendJson(res, 404, { error: `no control endpoint ${route}` });
    }
  } catch (err) {
    if (err instanceof EmulatorInputError || err instanceof RequestBodyError) {
      return sendJson(res, 400, { error: err.message, code: err.code });
    }
    throw err;
  }
}
