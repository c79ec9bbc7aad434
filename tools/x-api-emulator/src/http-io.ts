import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { XResponse } from './x-problems.js';

/** Thrown by `readJsonBody` when the body is too large or is not JSON; the message is fit for a 400. */
export class RequestBodyError extends Error {
  readonly code = 'REQUEST_BODY_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestBodyError';
  }
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Reads a request body and parses it as JSON.
 *
 * @throws RequestBodyError when the body exceeds 32 MiB or is not valid JSON.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestBodyError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RequestBodyError(`request body is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Sends a whole JSON response. X labels problem documents (a top-level
 * `type`) `application/problem+json` and everything else `application/json`;
 * twitter-api-v2 parses both.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const isProblem = typeof body === 'object' && body !== null && 'type' in body && 'title' in body;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': isProblem ? 'application/problem+json' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendX(res: ServerResponse, response: XResponse, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, response.status, response.body, headers);
}
