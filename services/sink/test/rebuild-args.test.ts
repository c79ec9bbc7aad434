import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseRebuildArgs } from '../src/rebuild-args.js';

const now = new Date('2026-06-01T00:00:00Z');

test('parseRebuildArgs defaults to the earliest offsets without dropping', () => {
  assert.deepEqual(parseRebuildArgs([], now), { since: null, drop: false, help: false });
});

test('parseRebuildArgs reads --since in both forms, --drop and --help', () => {
  assert.deepEqual(parseRebuildArgs(['--since=2026-05-31T12:00:00Z', '--drop'], now), {
    since: new Date('2026-05-31T12:00:00Z'),
    drop: true,
    help: false,
  });
  assert.equal(parseRebuildArgs(['--since', '2026-05-30'], now).since?.toISOString(), '2026-05-30T00:00:00.000Z');
  assert.equal(parseRebuildArgs(['-h'], now).help, true);
});

test('parseRebuildArgs refuses a time that is not ISO 8601, one in the future and unknown arguments', () => {
  for (const argv of [
    ['--since=yesterday'],
    ['--since'],
    ['--since=2026-13-45T00:00:00Z'],
    ['--since=2026-07-01'],
    ['--force'],
  ]) {
    assert.throws(() => parseRebuildArgs(argv, now), { name: 'SinkError', code: 'INVALID_ARGUMENT' }, argv.join(' '));
  }
});
