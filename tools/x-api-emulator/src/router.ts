import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleDeleteConnections, handleListConnections } from './connections-endpoint.js';
import { CONTROL_PREFIX, handleControl } from './control-plane.js';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson, sendX } from './http-io.js';
import { handleRecentSearch } from './recent-search-endpoint.js';
import { handleListRules, handleUpdateRules } from './rules-endpoint.js';
import { handleStream } from './stream-endpoint.js';
import { handleUsage } from './usage-endpoint.js';
import {
  clientForbidden,
  creditsDepleted,
  notFound,
  serviceUnavailable,
  unauthorized,
  usageCapExceeded,
} from './x-problems.js';

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
  '/2/connections': { GET: (ctx, _req, res) => handleListConnections(ctx, res) },
  '/2/usage/tweets': { GET: (ctx, _req, res) => handleUsage(ctx, res) },
};

/** `DELETE /2/connections/{endpoint_id}` (`all` included): the one route with a path parameter. */
const CONNECTION_PATH = /^\/2\/connections\/([A-Za-z0-9_-]+)$/;

function routeFor(pathname: string): Readonly<Record<string, Handler>> | undefined {
  const connection = CONNECTION_PATH.exec(pathname);
  if (connection !== null) {
    const endpointId = connection[1]!;
    return { DELETE: (ctx, _req, res) => handleDeleteConnections(ctx, res, endpointId) };
  }
  return X_ROUTES[pathname];
}

/**
 * X checks the app's credentials before anything else; the auth faults stand
 * in for a revoked or unenrolled app, the usage faults for an account out of
 * credits or at its cap (every endpoint is blocked, not one).
 */
function refusal(ctx: EmulatorContext, req: IncomingMessage): Parameters<typeof sendX>[1] | undefined {
  if (ctx.faults.take(['unauthorized']) !== undefined) return unauthorized();
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (match?.[1] !== ctx.bearerToken) return unauthorized();
  if (ctx.faults.take(['forbidden']) !== undefined) return clientForbidden();
  const usage = ctx.faults.take(['usage-cap-exceeded', 'credits-depleted']);
  if (usage !== undefined) return usage.type === 'credits-depleted' ? creditsDepleted() : usageCapExceeded();
  return undefined;
}

async function route(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(ctx, req, res, url.pathname);
  const methods = routeFor(url.pathname);
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
  if (url.pathname === '/2/tweets/search/stream/rules' && ctx.faults.take(['rules-http-5xx']) !== undefined) {
    return sendX(res, serviceUnavailable());
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
