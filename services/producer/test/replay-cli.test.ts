import assert from 'node:assert/strict';
import { test } from 'vitest';
import { runCommandIsolated, serviceEntry } from '@tweet-pipeline/testkit';

const replayCli = serviceEntry('producer', 'replay-cli');

test('npm run replay -- --help prints the usage and exits 0 at once, without connecting to Kafka', async () => {
  const run = await runCommandIsolated(replayCli, ['--help']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Usage: npm run replay -- \[options\] <file\.\.\.>/);
  assert.match(run.stdout, /-h, --help/);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stackCalls, []);
  assert.ok(run.ms < 20_000, `${run.ms} ms`);
});

test('npm run replay with an unknown option or a missing file prints one line on stderr and exits 2', async () => {
  for (const args of [['--bogus'], ['/nonexistent/tweets.jsonl'], []]) {
    const run = await runCommandIsolated(replayCli, args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^npm run replay: /);
  }
});
