import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { runCommandIsolated, workspaceEntry } from '@tweet-pipeline/testkit';

const main = workspaceEntry('tools/drills');

test('npm run test:chaos -- --help lists every option with its default and exits 0 at once, having started nothing', async () => {
  const run = await runCommandIsolated(main, ['--help']);
  assert.equal(run.code, 0, run.stderr);
  const help = run.stdout.replace(/\s+/g, ' ');
  assert.match(help, /^Usage: npm run test:chaos -- \[options\]/);
  assert.match(help, /--repeat <N> .*?\(default: 5\)/);
  assert.match(help, /--only <TRIALS> .*?\(default: producer-kill,/);
  assert.match(help, /--out <DIR> .*?\(default: \S+\/docs\)/);
  assert.match(help, /--seed <N> .*?\(default: 20260700\)/);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stackCalls, []);
  assert.ok(run.ms < 20_000, `${run.ms} ms`);
});

test('npm run test:chaos with an unknown option or drill exits 2 with one line, starting and writing nothing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'drills-out-'));
  for (const args of [['--bogus'], [`--out=${out}`, '--only=meteor'], [`--out=${out}`, '--repeat=two']]) {
    const run = await runCommandIsolated(main, args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^npm run test:chaos: /);
    assert.deepEqual(run.stackCalls, []);
  }
  assert.deepEqual(readdirSync(out), []);
});
