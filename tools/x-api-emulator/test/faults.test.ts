import assert from 'node:assert/strict';
import { test } from 'vitest';
import { DEFAULT_HUGE_FRAME_BYTES, DEFAULT_STALL_MS, FaultPlan } from '../src/faults.js';

test('FaultPlan hands out each fault count times, first asked first served', () => {
  const plan = new FaultPlan();
  plan.add({ type: 'http-5xx', count: 2 });
  plan.add({ type: 'stall', durationMs: 5 });
  plan.add({ type: 'too-many-connections' });
  assert.equal(plan.take(['malformed-line']), undefined);
  assert.deepEqual(plan.take(['too-many-connections', 'http-5xx'])?.type, 'http-5xx');
  assert.deepEqual(plan.take(['stall']), { type: 'stall', durationMs: 5, bytes: DEFAULT_HUGE_FRAME_BYTES });
  assert.deepEqual(plan.take(['too-many-connections', 'http-5xx'])?.type, 'http-5xx');
  assert.deepEqual(plan.take(['too-many-connections', 'http-5xx'])?.type, 'too-many-connections');
  assert.deepEqual(plan.pending(), []);
});

test('FaultPlan stalls for 30 s unless told otherwise, and clear drops everything', () => {
  const plan = new FaultPlan();
  plan.add({ type: 'stall' });
  assert.deepEqual(plan.pending(), [{ type: 'stall', count: 1, durationMs: DEFAULT_STALL_MS }]);
  assert.equal(DEFAULT_STALL_MS, 30_000);
  plan.clear();
  assert.equal(plan.take(['stall']), undefined);
});
