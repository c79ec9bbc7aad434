import assert from 'node:assert/strict';
import { test } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';

test('RateLimiter allows limit requests per window, then refuses until the window resets', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter(2, 60_000, () => now);
  const first = limiter.take();
  assert.deepEqual(first, {
    allowed: true,
    headers: { 'x-rate-limit-limit': '2', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': '1060' },
  });
  assert.equal(limiter.take().allowed, true);
  const refused = limiter.take();
  assert.equal(refused.allowed, false);
  assert.equal(refused.headers['x-rate-limit-remaining'], '0');
  now += 60_000;
  const fresh = limiter.take();
  assert.equal(fresh.allowed, true);
  assert.equal(fresh.headers['x-rate-limit-reset'], '1120');
});
