import assert from 'node:assert/strict';
import { test } from 'vitest';
import { fromStamp, MAX_FIRST_SEEN_MS, survivingStamp, toStamp } from '../../src/dedupe/first-seen-stamp.js';
import { prng } from './random-ids.js';

test('toStamp keeps whole seconds plus one, so that 0 stays free for an empty slot', () => {
  assert.equal(toStamp(0), 1);
  assert.equal(toStamp(999), 1);
  assert.equal(toStamp(1000), 2);
  assert.equal(toStamp(1_700_000_000_123), 1_700_000_001);
  assert.equal(toStamp(MAX_FIRST_SEEN_MS), 2 ** 32 - 1);
  assert.equal(fromStamp(toStamp(1_700_000_000_123)), 1_700_000_000_000);
});

test('toStamp rejects times before 1970, after 2106 or not numbers', () => {
  for (const bad of [-1, MAX_FIRST_SEEN_MS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => toStamp(bad), { name: 'DedupeError', code: 'TIME_OUT_OF_RANGE' });
  }
});

test('survivingStamp never expires a time at or after the cutoff and always one a second before it', () => {
  const next = prng(4);
  for (let i = 0; i < 100_000; i++) {
    const cutoff = 1_700_000_000_000 + (next() % 100_000);
    const time = cutoff + (next() % 4000) - 2000;
    const expired = toStamp(time) < survivingStamp(cutoff);
    if (time >= cutoff) assert.equal(expired, false, `${time} at cutoff ${cutoff}`);
    if (time < cutoff - 1000) assert.equal(expired, true, `${time} at cutoff ${cutoff}`);
  }
});

test('survivingStamp keeps everything for a cutoff before 1970 and nothing for one past 2106', () => {
  assert.equal(survivingStamp(-5), 0);
  assert.equal(survivingStamp(Number.NaN), 0);
  assert.ok(survivingStamp(Number.POSITIVE_INFINITY) > toStamp(MAX_FIRST_SEEN_MS));
});
