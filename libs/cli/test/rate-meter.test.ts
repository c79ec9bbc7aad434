import assert from 'node:assert/strict';
import { test } from 'vitest';
import { RateMeter } from '../src/rate-meter.js';

test('RateMeter gives the average rate since it was made, 0 before any time passed', () => {
  let now = 1_000;
  const meter = new RateMeter(() => now);
  assert.equal(meter.perSecond(10), 0);
  now = 3_000;
  assert.equal(meter.seconds, 2);
  assert.equal(meter.perSecond(10), 5);
});
