import assert from 'node:assert/strict';
import { test } from 'vitest';
import { RateMeter } from '@tweet-pipeline/cli';
import { replayProgressText } from '../../src/replay/replay-progress.js';

test('replayProgressText shows lines, their rate, bytes and every count so far', () => {
  let now = 0;
  const meter = new RateMeter(() => now);
  now = 2_000;
  assert.equal(
    replayProgressText(
      { lines: 12_345, bytes: 8_100_000 },
      { published: 12_000, invalid: 3, errorPayloads: 1, skipped: 2 },
      meter,
    ),
    '12,345 lines (6,173 lines/s), 8.1 MB; published 12,000, invalid 3, error payloads 1, skipped 2',
  );
});
