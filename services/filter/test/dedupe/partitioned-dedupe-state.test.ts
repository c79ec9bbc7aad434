import assert from 'node:assert/strict';
import { test } from 'vitest';
import { type processBatch } from '../../src/index.js';
import { PartitionedDedupeState } from '../../src/dedupe/partitioned-dedupe-state.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const ID = '1790000000000000001';

test('PartitionedDedupeState remembers ids per partition', () => {
  const state = new PartitionedDedupeState({ windowMs: 24 * HOUR });
  state.assign(0);
  state.assign(3);
  assert.equal(state.remember(0, ID, T0), true);
  assert.equal(state.remember(0, ID, T0), false);
  assert.equal(state.has(0, ID), true);
  assert.equal(state.has(3, ID), false);
  assert.equal(state.remember(3, ID, T0), true);
  assert.equal(state.size, 2);
  assert.deepEqual(state.partitions, [0, 3]);
  assert.equal(state.memoryBytes(), 2 * 16 * 12);
});

test('PartitionedDedupeState.revoke drops the partition and its memory', () => {
  const state = new PartitionedDedupeState({ windowMs: HOUR });
  state.assign(1, { expectedEntries: 10_000 });
  state.assign(2);
  for (let i = 0; i < 10_000; i++) state.remember(1, String(1_000_000 + i), T0);
  state.remember(2, ID, T0);
  const before = state.memoryBytes();
  assert.equal(state.revoke(1), true);
  assert.equal(state.revoke(1), false);
  assert.equal(state.isAssigned(1), false);
  assert.equal(state.size, 1);
  assert.ok(state.memoryBytes() < before / 100);
  assert.throws(() => state.has(1, ID), { name: 'DedupeError', code: 'PARTITION_NOT_ASSIGNED' });
  assert.throws(() => state.remember(1, ID, T0), { code: 'PARTITION_NOT_ASSIGNED' });
  assert.throws(() => state.forPartition(1), /partition 1 is not assigned/);
  assert.equal(state.has(2, ID), true);
});

test('PartitionedDedupeState.assign starts the partition empty, even when it was held', () => {
  const state = new PartitionedDedupeState({ windowMs: HOUR });
  state.assign(5);
  state.remember(5, ID, T0);
  state.assign(5);
  assert.equal(state.has(5, ID), false);
  assert.equal(state.size, 0);
  assert.throws(() => state.assign(-1), { code: 'PARTITION_NOT_ASSIGNED' });
  assert.throws(() => state.assign(1.5), { code: 'PARTITION_NOT_ASSIGNED' });
});

test('PartitionedDedupeState.expire forgets, in every partition, the ids older than the window', () => {
  const state = new PartitionedDedupeState({ windowMs: 24 * HOUR });
  for (const p of [0, 1, 2]) state.assign(p);
  state.remember(0, '100', T0);
  state.remember(1, '101', T0 + HOUR);
  state.remember(2, '102', T0 + 2 * HOUR);
  assert.equal(state.expire(T0 + 24 * HOUR), 0, 'an id exactly one window old is kept');
  // Times are kept to the second, rounding towards keeping: T0 + HOUR goes once the cutoff passes it by a whole second.
  assert.equal(state.expire(T0 + 25 * HOUR + 999), 1);
  assert.equal(state.expire(T0 + 25 * HOUR + 1000), 1);
  assert.deepEqual([state.has(0, '100'), state.has(1, '101'), state.has(2, '102')], [false, false, true]);
  assert.equal(state.size, 1);
});

test('PartitionedDedupeState.forPartition gives processBatch its has() and the loop its remember()', () => {
  const state = new PartitionedDedupeState({ windowMs: HOUR });
  state.assign(7);
  const seen: Parameters<typeof processBatch>[1] = state.forPartition(7);
  const memory = state.forPartition(7);
  assert.equal(memory.partition, 7);
  assert.equal(memory.remember(ID, T0), true);
  assert.equal(seen.has(ID), true);
  assert.equal(memory.size, 1);
  assert.equal(state.has(7, ID), true);
});

test('PartitionedDedupeState.forPartition stays bound to its table after a revoke, apart from a new assignment', () => {
  const state = new PartitionedDedupeState({ windowMs: HOUR });
  state.assign(4);
  const inFlight = state.forPartition(4);
  inFlight.remember(ID, T0);
  state.revoke(4);
  assert.equal(inFlight.has(ID), true);
  state.assign(4);
  assert.equal(inFlight.remember('200', T0), true);
  assert.equal(state.has(4, '200'), false);
  assert.equal(state.size, 0);
});

test('PartitionedDedupeState rejects a window that is not positive milliseconds', () => {
  for (const windowMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new PartitionedDedupeState({ windowMs }), { code: 'TIME_OUT_OF_RANGE' });
  }
});
