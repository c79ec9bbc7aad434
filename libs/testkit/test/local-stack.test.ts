import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, test } from 'vitest';
import { ensureLocalStack, localStackScript } from '../src/local-stack.js';
import { nodeArgs, repoRoot } from '../src/repo-paths.js';

const fixture = fileURLToPath(new URL('./fixtures/stack-user.ts', import.meta.url));
const saved = { ...process.env };
let dir: string;

/** A stand-in local-stack script: records each call; `status` exits STATUS_RC (3), `start` START_RC (0). */
function fakeStack(): { script: string; calls: () => string[] } {
  const calls = join(dir, 'calls');
  const script = join(dir, 'local-stack.sh');
  writeFileSync(
    script,
    `echo "$*" >>${JSON.stringify(calls)}\ncase $1 in status) exit "\${STATUS_RC:-3}" ;; start) exit "\${START_RC:-0}" ;; esac\n`,
  );
  return { script, calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-stack-test-'));
  for (const key of ['KAFKA_BROKERS', 'MONGODB_URI', 'KAFKA_PORT', 'MONGO_PORT', 'TP_USE_DOCKER'])
    delete process.env[key];
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

test('localStackScript is TP_LOCAL_STACK when set, else the repository script', () => {
  assert.equal(localStackScript({}), join(repoRoot, 'tools/local-stack/local-stack.sh'));
  assert.equal(localStackScript({ TP_LOCAL_STACK: '/x.sh' }), '/x.sh');
});

test('ensureLocalStack leaves a running stack alone: no start, and no stop afterwards', () => {
  const { script, calls } = fakeStack();
  process.env.TP_LOCAL_STACK = script;
  process.env.STATUS_RC = '0';
  process.env.KAFKA_PORT = '19092';
  const lines: string[] = [];
  const stack = ensureLocalStack({ log: (line) => lines.push(line) });
  assert.equal(stack.startedHere, false);
  assert.deepEqual(stack.endpoints, { brokers: ['127.0.0.1:19092'], mongoUri: 'mongodb://127.0.0.1:27017' });
  assert.equal(process.env.KAFKA_BROKERS, '127.0.0.1:19092');
  assert.match(lines.join('\n'), /already running/);
  stack.stop();
  assert.deepEqual(calls(), ['status']);
});

test('ensureLocalStack starts a stopped stack, stops it once (unhooking itself), and keeps endpoints already set', () => {
  const { script, calls } = fakeStack();
  process.env.TP_LOCAL_STACK = script;
  process.env.MONGODB_URI = 'mongodb://127.0.0.1:27999';
  const listeners = [process.listenerCount('exit'), process.listenerCount('SIGINT')];
  const stack = ensureLocalStack();
  assert.equal(stack.startedHere, true);
  assert.equal(stack.endpoints.mongoUri, 'mongodb://127.0.0.1:27999');
  assert.equal(process.env.TP_LOCAL_STACK, script);
  stack.stop();
  stack.stop();
  assert.deepEqual(calls(), ['status', 'start', 'stop']);
  assert.deepEqual([process.listenerCount('exit'), process.listenerCount('SIGINT')], listeners, 'no hook left behind');
});

test('ensureLocalStack throws when the script cannot start the stack, and stops nothing', () => {
  const { script, calls } = fakeStack();
  process.env.TP_LOCAL_STACK = script;
  process.env.START_RC = '1';
  assert.throws(() => ensureLocalStack(), /start failed/);
  assert.deepEqual(calls(), ['status', 'start']);
});

async function runFixture(mode: 'exit' | 'wait'): Promise<{ code: number | null; calls: string[] }> {
  const { script, calls } = fakeStack();
  const child = spawn(process.execPath, [...nodeArgs(fixture), mode], {
    env: { ...process.env, TP_LOCAL_STACK: script },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (mode === 'wait') {
    await once(child.stdout, 'data');
    child.kill('SIGINT');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, calls: calls() };
}

test('a process that started the stack stops it when it exits', async () => {
  assert.deepEqual(await runFixture('exit'), { code: 0, calls: ['status', 'start', 'stop'] });
});

test('a process that started the stack and has no signal handler of its own stops it on Ctrl-C, exiting 130', async () => {
  assert.deepEqual(await runFixture('wait'), { code: 130, calls: ['status', 'start', 'stop'] });
});
