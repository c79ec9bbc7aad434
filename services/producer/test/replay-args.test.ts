import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { HelpRequested, UsageError } from '@tweet-pipeline/cli';
import { parseReplayArgs } from '../src/replay-args.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-args-'));
const file = join(dir, 'a.jsonl');
writeFileSync(file, '');

test('parseReplayArgs takes existing files, relative to the directory npm was run from', () => {
  const before = process.env.INIT_CWD;
  process.env.INIT_CWD = dir;
  try {
    assert.deepEqual(parseReplayArgs(['a.jsonl', file]), { files: [file, file] });
  } finally {
    if (before === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = before;
  }
});

test('parseReplayArgs refuses no file, a missing file and unknown options; --help is help, not a file', () => {
  for (const argv of [[], [join(dir, 'missing.jsonl')], ['--bogus', file], ['--help=x']]) {
    assert.throws(() => parseReplayArgs(argv), UsageError, argv.join(' '));
  }
  assert.throws(() => parseReplayArgs(['--help']), HelpRequested);
  assert.throws(() => parseReplayArgs([file, '-h']), HelpRequested);
});
