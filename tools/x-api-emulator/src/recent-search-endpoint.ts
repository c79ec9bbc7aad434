import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context.js';
import { parseFieldSelection } from './field-selection.js';
import { sendJson, sendX } from './http-io.js';
import { parseRecentSearch, searchPage } from './recent-search.js';
import { invalidRequest, tooManyRequests } from './x-problems.js';

/**
 * `GET /2/tweets/search/recent`: rate limit first (a refused request still
 * gets the headers), then every bad parameter reported in one 400, then a page.
 */
export function handleRecentSearch(ctx: EmulatorContext, res: ServerResponse, query: URLSearchParams): void {
  const limit = ctx.limits.search.take();
  if (!limit.allowed) return sendX(res, tooManyRequests(), limit.headers);
  const request = parseRecentSearch(query, Date.now());
  const selection = parseFieldSelection(query);
  const errors = [...(Array.isArray(request) ? request : []), ...(Array.isArray(selection) ? selection : [])];
  if (Array.isArray(request) || Array.isArray(selection)) return sendX(res, invalidRequest(errors), limit.headers);
  sendJson(res, 200, searchPage(ctx.store, request, selection), limit.headers);
}
