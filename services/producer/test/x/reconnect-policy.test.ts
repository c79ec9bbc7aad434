import assert from 'node:assert/strict';
import { test } from 'vitest';
import { classifyConnectError, reconnectDelayMs } from '../../src/x/reconnect-policy.js';

test('reconnectDelayMs reconnects at once after a drop or a stall', () => {
  assert.equal(reconnectDelayMs('disconnect', 1), 0);
  assert.equal(reconnectDelayMs('stall', 7), 0);
});

test('reconnectDelayMs backs off network errors linearly by 250 ms up to 16 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => reconnectDelayMs('network', n)),
    [250, 500, 750, 1_000],
  );
  assert.equal(reconnectDelayMs('network', 64), 16_000);
  assert.equal(reconnectDelayMs('network', 1_000), 16_000);
});

test('reconnectDelayMs backs off HTTP errors exponentially from 5 s up to 320 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((n) => reconnectDelayMs('http', n)),
    [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000],
  );
});

test('reconnectDelayMs backs off 429 exponentially from 60 s', () => {
  assert.deepEqual(
    [1, 2, 3].map((n) => reconnectDelayMs('rate_limited', n)),
    [60_000, 120_000, 240_000],
  );
});

test('classifyConnectError tells auth, rate limit, HTTP and network failures apart', () => {
  assert.equal(classifyConnectError({ code: 401 }), 'auth');
  assert.equal(classifyConnectError({ code: 403 }), 'auth');
  assert.equal(classifyConnectError({ code: 429 }), 'rate_limited');
  assert.equal(classifyConnectError({ code: 503 }), 'http');
  assert.equal(classifyConnectError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'network');
});

test('classifyConnectError tells an exhausted account and a counted connection from a rate limit', () => {
  assert.equal(classifyConnectError({ code: 402, data: { title: 'CreditsDepleted' } }), 'credits_exhausted');
  assert.equal(
    classifyConnectError({
      code: 429,
      data: { title: 'UsageCapExceeded', type: 'https://api.twitter.com/2/problems/usage-capped' },
    }),
    'credits_exhausted',
  );
  assert.equal(
    classifyConnectError({ code: 429, data: { title: 'ConnectionException', connection_issue: 'TooManyConnections' } }),
    'too_many_connections',
  );
  assert.equal(classifyConnectError({ code: 429, data: { title: 'Too Many Requests' } }), 'rate_limited');
});

test('reconnectDelayMs waits the configured long back-off for exhausted credits, every time', () => {
  assert.equal(reconnectDelayMs('credits_exhausted', 1), 15 * 60 * 1000);
  assert.equal(reconnectDelayMs('credits_exhausted', 9, 120_000), 120_000);
  assert.equal(reconnectDelayMs('too_many_connections', 2), 120_000);
  assert.equal(reconnectDelayMs('oversized_frame', 3), 750);
});
