import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { repoRoot, runCommandIsolated, workspaceEntry } from '@tweet-pipeline/testkit';

const main = workspaceEntry('tools/bench');
const reports = ['benchmarks.md', 'benchmarks.json', 'benchmarks.svg'];

/** The committed report files as they are now: contents and modification times. */
function committedReport(): string[] {
  return reports.map((f) => {
    const file = join(repoRoot, 'docs', f);
    return `${statSync(file).mtimeMs} ${readFileSync(file, 'utf8')}`;
  });
}

test('npm run bench -- --help lists every option with its default and exits 0 at once, having started nothing', async () => {
  const run = await runCommandIsolated(main, ['--help']);
  assert.equal(run.code, 0, run.stderr);
  for (const option of ['--only', '--out', '--scale', '--help', 'producer-throughput']) {
    assert.ok(run.stdout.includes(option), option);
  }
  assert.match(run.stdout.replace(/\s+/g, ' '), /\(default: throughput,latency,burst,baseline,ceilings\)/);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stackCalls, []);
  assert.ok(run.ms < 20_000, `${run.ms} ms`);
});

test('npm run bench -- --only=nope exits 2 with one line, starting nothing and leaving every report untouched', async () => {
  const before = committedReport();
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  for (const f of reports) cpSync(join(repoRoot, 'docs', f), join(out, f), { preserveTimestamps: true });
  const copies = (): string[] => reports.map((f) => `${statSync(join(out, f)).mtimeMs} ${readFileSync(join(out, f))}`);
  const copied = copies();

  for (const args of [['--only=nope'], [`--out=${out}`, '--only=nope'], ['--scale=big', `--out=${out}`], ['--bogus']]) {
    const run = await runCommandIsolated(main, args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^npm run bench: /);
    assert.deepEqual(run.stackCalls, []);
  }
  const run = await runCommandIsolated(main, ['no-such-micro-benchmark']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown benchmark no-such-micro-benchmark/);

  assert.deepEqual(copies(), copied, 'the report in --out is untouched');
  assert.deepEqual(committedReport(), before, 'docs/benchmarks.* are untouched');
});
