import assert from 'node:assert/strict';
import { test } from 'vitest';
import { backoffDelay, createLogger, retryWithBackoff } from '../src/index.js';

const policy = { minMs: 200, maxMs: 30_000 };

test('backoffDelay doubles from minMs and stays within the upper half of each step', () => {
  assert.equal(
    backoffDelay(1, policy, () => 0),
    100,
  );
  assert.equal(
    backoffDelay(1, policy, () => 1),
    200,
  );
  assert.equal(
    backoffDelay(2, policy, () => 1),
    400,
  );
  assert.equal(
    backoffDelay(5, policy, () => 1),
    3_200,
  );
  for (let attempt = 1; attempt < 12; attempt++) {
    const step = Math.min(policy.maxMs, policy.minMs * 2 ** (attempt - 1));
    const delay = backoffDelay(attempt, policy);
    assert.ok(delay >= step / 2 && delay <= step, `attempt ${attempt}: ${delay}`);
  }
});

test('backoffDelay never exceeds maxMs, however many attempts, and treats attempt < 1 as 1', () => {
  assert.equal(
    backoffDelay(1_000, policy, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(Number.MAX_SAFE_INTEGER, policy, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(0, policy, () => 1),
    200,
  );
  assert.equal(
    backoffDelay(-3, policy, () => 1),
    200,
  );
});

const log = createLogger({ service: 'test', level: 'silent' });
const unavailable = new Error('unavailable');
const retriable = (err: unknown) => err === unavailable;

test('retryWithBackoff retries what `retriable` accepts, telling onRetry each time and onSuccess at the end', async () => {
  const events: string[] = [];
  let calls = 0;
  const result = await retryWithBackoff(
    async () => {
      if (++calls < 3) throw unavailable;
      return 42;
    },
    {
      what: 'test',
      log,
      backoff: { minMs: 10, maxMs: 20 },
      retriable,
      onRetry: () => events.push('retry'),
      onSuccess: () => events.push('success'),
      sleep: async (ms) => void events.push(`wait ${ms <= 20 ? 'capped' : ms}`),
    },
  );
  assert.equal(result, 42);
  assert.deepEqual(events, ['retry', 'wait capped', 'retry', 'wait capped', 'success']);
});

test('retryWithBackoff throws a refused error at once and ends its wait when the signal fires', async () => {
  const refused = new Error('refused');
  await assert.rejects(
    retryWithBackoff(() => Promise.reject(refused), { what: 'test', log, backoff: policy, retriable }),
    refused,
  );
  const stop = new AbortController();
  const pending = retryWithBackoff(() => Promise.reject(unavailable), {
    what: 'test',
    log,
    backoff: { minMs: 60_000, maxMs: 60_000 },
    retriable,
    signal: stop.signal,
  });
  setTimeout(() => stop.abort(), 20);
  await assert.rejects(pending, { name: 'AbortError' });
});
