import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/tiny-service.ts', import.meta.url));
// The fixture runs from source like the test (libs/observability cannot use testkit, which depends on it).
const tsx = ['--import', createRequire(import.meta.url).resolve('tsx'), '--conditions=source'];

/** Starts the fixture service; resolves with the port its ops server reports and its log lines. */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; lines: string[] }> {
  const child = spawn(process.execPath, [...tsx, fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const port = (JSON.parse(line) as { port?: number }).port;
        if (port !== undefined) resolve(port);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${String(code)} before listening`)));
  });
  return { child, port, lines };
}

async function readyz(port: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: await res.json() };
}

test('runService answers /readyz with the start-up step until start-up ends, then the service’s readiness; SIGTERM runs stop and exits 0', async () => {
  const { child, port, lines } = await start({ TINY_START_MS: '1500' });
  assert.deepEqual(await readyz(port), { status: 503, body: { ready: false, reason: 'waiting for the test' } });
  const deadline = Date.now() + 10_000;
  while (!lines.some((l) => l.includes('"started"')) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await readyz(port), { status: 200, body: { ready: true } });
  assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0);
  assert.ok(
    lines.some((l) => l.includes('"stopped"')),
    'stop ran',
  );
});

test('runService ends the process with a fatal log line when start-up throws', async () => {
  const { child, lines } = await start({ TINY_MODE: 'fail', TINY_START_MS: '200' });
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 1);
  const fatal = lines
    .map((l) => JSON.parse(l) as { level?: string; err?: { message?: string } })
    .find((l) => l.level === 'fatal');
  assert.equal(fatal?.err?.message, 'cannot start: refused by the test');
});

test('runService stops a service still starting: SIGTERM aborts the start-up wait and exits 0', async () => {
  const { child, port } = await start({ TINY_START_MS: '60000' });
  assert.equal((await readyz(port)).status, 503);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0);
});
