import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { root } from './repo.js';

const script = join(root, 'tools/local-stack/local-stack.sh');

/** Runs local-stack.sh with a state and cache directory of its own that do not exist yet. */
function stack(args: string[]): { status: number | null; stdout: string; stderr: string; touched: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'local-stack-cli-'));
  const state = join(dir, 'state');
  const cache = join(dir, 'cache');
  const run = spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TP_STATE_DIR: state, TP_CACHE_DIR: cache },
    timeout: 30_000,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    touched: existsSync(state) || existsSync(cache),
  };
}

test('local-stack.sh --help prints every command and environment override with its default, exit 0', () => {
  for (const args of [
    ['--help'],
    ['-h'],
    ['help'],
    ['start', '--help'],
    ['logs', 'kafka', '-h'],
    ['kafka-run', '--help'],
  ]) {
    const run = stack(args);
    assert.equal(run.status, 0, args.join(' '));
    assert.equal(run.stderr, '');
    assert.equal(run.touched, false);
    for (const command of ['build', 'start', 'stop', 'status', 'logs', 'reset', 'kafka-run', '--follow', '--help']) {
      assert.ok(run.stdout.includes(command), `${args.join(' ')}: ${command}`);
    }
    assert.match(run.stdout, /KAFKA_PORT\s+broker listener port\s+\(9092\)/);
    assert.match(run.stdout, /LOG_LINES\s+.*\(30\)/);
    assert.match(run.stdout, /Exit codes: 0 ok, 1 error, 2 bad arguments/);
  }
});

test('local-stack.sh refuses a missing or unknown command, component or option: one line, exit 2, nothing done', () => {
  for (const args of [[], ['bogus'], ['start', '--bogus'], ['stop', 'kafak'], ['logs', '-x'], ['kafka-run']]) {
    const run = stack(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^local-stack\.sh: .*\(local-stack\.sh --help lists the commands\)\n$/);
    assert.equal(run.touched, false, `${args.join(' ')} created the state or cache directory`);
  }
});
