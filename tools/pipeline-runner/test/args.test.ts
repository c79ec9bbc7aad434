import assert from 'node:assert/strict';
import { test } from 'vitest';
import { HelpRequested, UsageError, helpText } from '@tweet-pipeline/cli';
import { parseRunnerArgs, runnerCommand } from '../src/args.js';

test('parseRunnerArgs defaults to running until Ctrl-C at 500 tweets/s from the X emulator and the synthetic source', () => {
  assert.deepEqual(parseRunnerArgs([]), { durationS: 0, rate: 500, sources: ['x-filtered-stream', 'synthetic'] });
});

test('parseRunnerArgs reads --duration, --rate and --sources', () => {
  assert.deepEqual(parseRunnerArgs(['--duration=60', '--rate', '2000', '--sources=synthetic']), {
    durationS: 60,
    rate: 2000,
    sources: ['synthetic'],
  });
});

test('parseRunnerArgs refuses a non-numeric rate, a negative duration, an unknown source and unknown options', () => {
  for (const argv of [['--rate=fast'], ['--rate=0'], ['--duration=-1'], ['--sources=synthetic,telex'], ['--rat=5']]) {
    assert.throws(() => parseRunnerArgs(argv), UsageError, argv.join(' '));
  }
  assert.throws(() => parseRunnerArgs(['-h']), HelpRequested);
});

test('the help of npm start lists every option with its default', () => {
  // Wrapped to the terminal's width: compared as one line.
  const help = helpText(runnerCommand).replace(/\s+/g, ' ');
  assert.match(help, /^Usage: npm start -- \[options\]/);
  assert.match(help, /--duration <SECONDS> [^(]*\(default: 0\)/);
  assert.match(help, /--rate <N> [^(]*\(default: 500\)/);
  assert.match(help, /--sources <LIST> .*\(default: x-filtered-stream,synthetic\)/);
});
