import assert from 'node:assert/strict';
import { test } from 'vitest';
import { runCommandIsolated, serviceEntry } from '@tweet-pipeline/testkit';

const rebuildCli = serviceEntry('sink', 'rebuild-cli');

test('sink:rebuild --help lists every option with its default and exits 0 at once, connecting to nothing', async () => {
  const run = await runCommandIsolated(rebuildCli, ['--help']);
  assert.equal(run.code, 0, run.stderr);
  // The help is wrapped to the terminal's width: compare it as one line.
  const help = run.stdout.replace(/\s+/g, ' ');
  assert.match(help, /^Usage: tweet-pipeline-sink-rebuild \[options\]/);
  assert.match(help, /--since <ISO-TIME> .*\(default: the earliest retained record\)/);
  assert.match(help, /--drop .*\(default: off\)/);
  assert.match(help, /Exit codes: 0 done, 1 failed, 2 bad arguments, 3 the sink group has members/);
  assert.equal(run.stderr, '');
  assert.ok(run.ms < 20_000, `${run.ms} ms`);
});

test('sink:rebuild refuses an unknown option or a bad time: one line on stderr, the JSON report on stdout, exit 2', async () => {
  for (const args of [['--force'], ['--since=yesterday']]) {
    const run = await runCommandIsolated(rebuildCli, args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^tweet-pipeline-sink-rebuild: /);
    assert.equal((JSON.parse(run.stdout) as { code: string }).code, 'INVALID_ARGUMENT');
  }
});
