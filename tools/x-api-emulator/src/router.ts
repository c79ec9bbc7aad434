import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControl } from './control-plane.js';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson, sendX } from './http-io.js';
import { handleRecentSearch } from './recent-search-endpoint.js';
import { handleListRules, handleUpdateRules } from './rules-endpoint.js';
import { handleStream } from './stream-endpoint.js';
import { clientForbidden, notFound, unauthorized } from './x-problems.js';

type Handler = (
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
) => void | Promise<void>;

const X_ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  '/2/tweets/search/stream': { GET: (ctx, _req, res, query) => handleStream(ctx, res, query) },
  '/2/tweets/search/stream/rules': {
    GET: (ctx, _req, res, query) => handleListRules(ctx, res, query),
    POST: handleUpdateRules,
  },
  '/2/tweets/search/recent': { GET: (ctx, _req, res, query) => handleRecentSearch(ctx, res, query) },
};

/** X checks the app's credentials before anything else; the auth faults stand in for a revoked or unenrolled app. */
function refusal(ctx: EmulatorContext, req: IncomingMessage): Parameters<typeof sendX>[1] | undefined {
  if (ctx.faults.take(['unauthorized']) !== undefined) return unauthorized();
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (match?.[1] !== ctx.bearerToken) return unauthorized();
  if (ctx.faults.take(['forbidden']) !== undefined) return clientForbidden();
  return undefined;
}

async function route(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(ctx, req, res, url.pathname);
  const methods = X_ROUTES[url.pathname];
  if (methods === undefined) return sendX(res, notFound());
  const handler = methods[req.method ?? 'GET'];
  if (handler === undefined) {
    return sendJson(res, 405, {
      title: 'Method Not Allowed',
      detail: 'Method Not Allowed',
      type: 'about:blank',
      status: 405,
    });
  }
  const refused = refusal(ctx, req);
  if (refused !== undefined) {
    ctx.log.debug({ path: url.pathname, status: refused.status }, 'request refused');
    return sendX(res, refused);
  }
  return handler(ctx, req, res, url.searchParams);
}

/** The emulator's HTTP request listener: X's endpoints behind bearer auth, plus the control plane. */
export function createRequestListener(ctx: EmulatorContext): RequestListener {
  return (req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      ctx.log.error({ err, method: req.method, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { title: 'Internal Server Error', type: 'about:blank', status: 500 });
      else res.destroy();
    });
  };
}
