import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../src/index.js';

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
