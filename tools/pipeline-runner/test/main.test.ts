import assert from 'node:assert/strict';
import { test } from 'vitest';
import { runCommandIsolated, workspaceEntry } from '@tweet-pipeline/testkit';

const main = workspaceEntry('tools/pipeline-runner');

test('npm start -- --help prints every option and exits 0 at once, having started nothing', async () => {
  const run = await runCommandIsolated(main, ['--help']);
  assert.equal(run.code, 0, run.stderr);
  for (const option of ['--duration', '--rate', '--sources', '--help']) assert.ok(run.stdout.includes(option), option);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stackCalls, [], 'the local stack was not asked for');
  assert.ok(run.ms < 20_000, `${run.ms} ms`);
});

test('npm start with an unknown option or a bad rate prints one line on stderr and exits 2, having started nothing', async () => {
  for (const args of [['--bogus'], ['--rate=fast']]) {
    const run = await runCommandIsolated(main, args);
    assert.equal(run.code, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^npm start: /);
    assert.deepEqual(run.stackCalls, []);
  }
});
