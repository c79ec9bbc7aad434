import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { HelpRequested, UsageError, helpText } from '@tweet-pipeline/cli';
import { benchCommand, parseBenchArgs, Scenarios } from '../src/args.js';

const docs = mkdtempSync(join(tmpdir(), 'bench-args-'));
const micro = [
  { name: 'producer-throughput', file: '/repo/services/producer/bench/producer-throughput.bench.ts' },
  { name: 'rule-set', file: '/repo/libs/x-rules/bench/rule-set.bench.ts' },
];

test('parseBenchArgs defaults to the whole suite, written to the docs directory, at scale 1', () => {
  assert.deepEqual(parseBenchArgs([], docs, micro), { only: Scenarios, out: docs, scale: 1, micro: [] });
});

test('parseBenchArgs reads --only (in suite order), --out and --scale', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  assert.deepEqual(parseBenchArgs(['--only=burst,throughput', `--out=${out}`, '--scale', '0.1'], docs, micro), {
    only: ['throughput', 'burst'],
    out,
    scale: 0.1,
    micro: [],
  });
});

test('parseBenchArgs takes micro-benchmark names instead of suite options', () => {
  assert.deepEqual(parseBenchArgs(['rule-set'], docs, micro).micro, [micro[1]]);
});

test('parseBenchArgs refuses an unknown scenario or benchmark, a bad scale or directory, and a mix', () => {
  for (const argv of [
    ['--only=nope'],
    ['--only=throughput,typo'],
    ['--only='],
    ['--scale=big'],
    ['--scale=0'],
    ['--out=/nonexistent/dir'],
    ['no-such-bench'],
    ['--scale=0.1', 'rule-set'],
    ['--bogus'],
  ]) {
    assert.throws(() => parseBenchArgs(argv, docs, micro), UsageError, argv.join(' '));
  }
  assert.throws(() => parseBenchArgs(['--only=nope'], docs, micro), /unknown scenario nope \(known: throughput, /);
  assert.throws(() => parseBenchArgs(['--help'], docs, micro), HelpRequested);
});

test('the help of npm run bench lists every option with its default and the micro-benchmarks', () => {
  const help = helpText(benchCommand(docs, micro)).replace(/\s+/g, ' ');
  assert.match(help, /^Usage: npm run bench -- \[options\] \[benchmark\.\.\.\]/);
  assert.match(help, /--only <SCENARIOS> .*\(default: throughput,latency,burst,baseline,ceilings\)/);
  assert.ok(help.includes(`(default: ${docs})`));
  assert.match(help, /--scale <FACTOR> .*\(default: 1\)/);
  assert.match(help, /producer-throughput, rule-set/);
});
