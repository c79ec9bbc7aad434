import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { runCommandIsolated } from '../src/command-run.js';

const fixture = fileURLToPath(new URL('./fixtures/reach-out.ts', import.meta.url));

test('runCommandIsolated runs an entry with its arguments, against servers that are not there, recording stack calls', async () => {
  const run = await runCommandIsolated(fixture, ['--x']);
  assert.equal(run.code, 3);
  const seen = JSON.parse(run.stdout) as { status: number; brokers: string; args: string[] };
  assert.equal(seen.status, 1, 'the stand-in local-stack script fails');
  assert.match(seen.brokers, /^127\.0\.0\.1:\d+$/);
  assert.deepEqual(seen.args, ['--x']);
  assert.deepEqual(run.stackCalls, ['status']);
  assert.ok(run.ms > 0);
});
