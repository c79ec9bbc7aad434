import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type EmulatorOptions, type InjectableMessage, type RunningEmulator } from '../src/index.js';

export const TOKEN = 'test-token';
export const AUTH = { authorization: `Bearer ${TOKEN}` } as const;

/** An emulator on a free port that posts nothing by itself: each test injects exactly the tweets it needs. */
export function quietEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, bearerToken: TOKEN, ratePerSecond: 0, ...options });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: unknown;
}

/** One plain HTTP request on its own connection (no keep-alive reuse between tests). */
export function http(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body =
      init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    const req = request(
      new URL(path, base),
      {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        agent: false,
      },
      (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function addRules(
  base: string,
  rules: { value: string; tag?: string }[],
): Promise<{ id: string; value: string }[]> {
  const answer = await http(base, '/2/tweets/search/stream/rules', { headers: AUTH, body: { add: rules } });
  return ((answer.json as { data?: { id: string; value: string }[] }).data ?? []).slice();
}

/**
 * A raw filtered-stream client: keeps every byte received (decoded as UTF-8
 * across chunk boundaries) so tests can check X's framing exactly.
 */
export class RawStream {
  raw = '';
  ended = false;
  error: Error | undefined;
  readonly response: IncomingMessage;
  private readonly agent: Agent;

  private constructor(response: IncomingMessage, agent: Agent) {
    this.response = response;
    this.agent = agent;
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (this.raw += chunk));
    response.on('end', () => (this.ended = true));
    response.on('close', () => (this.ended = true));
    response.on('error', (err) => (this.error = err));
  }

  static open(base: string, query = '', headers: Record<string, string> = AUTH): Promise<RawStream> {
    const agent = new Agent();
    return new Promise((resolve, reject) => {
      const req = request(new URL(`/2/tweets/search/stream${query}`, base), { headers, agent }, (res) =>
        resolve(new RawStream(res, agent)),
      );
      req.on('error', reject);
      req.end();
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Complete lines so far (without their `\r\n`); keep-alives are empty strings. */
  lines(): string[] {
    const parts = this.raw.split('\r\n');
    return parts.slice(0, -1);
  }

  /** The non-empty lines parsed. */
  messages(): Record<string, unknown>[] {
    return this.lines()
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  close(): void {
    this.response.destroy();
    this.agent.destroy();
  }
}

/** Polls until `check` returns true. @throws after `timeoutMs`, with `what` in the message. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// A snowflake of now: recent search refuses a since_id older than its 7-day window.
let nextId = BigInt(Date.now() - 1_288_834_974_657) << 22n;

/** A tweet message like X's, with a fresh 19-digit id (a snowflake of now) above every earlier one. */
export function tweet(
  text: string,
  extra: Record<string, unknown> = {},
  author = { id: '2244994945', username: 'XDevelopers', name: 'Developers' },
): InjectableMessage & { data: { id: string; text: string } & Record<string, unknown> } {
  nextId += 1_000n;
  return {
    data: {
      id: nextId.toString(),
      text,
      author_id: author.id,
      lang: 'en',
      created_at: new Date().toISOString(),
      ...extra,
    },
    includes: {
      users: [{ ...author, created_at: '2013-12-14T04:35:55.000Z', description: 'The voice of the X Dev team' }],
    },
  };
}
