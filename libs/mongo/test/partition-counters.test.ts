import assert from 'node:assert/strict';
import { test } from 'vitest';
import { counterUpdate, planIncrements } from '../src/index.js';

const minute = new Date('2025-06-15T14:03:00Z');

test('counterUpdate of a first count upserts only while the partition has no watermark on the counter', () => {
  const increment = { id: 'm|music', count: 3, fields: { minute, hashtag: 'music' }, after: undefined };
  assert.deepEqual(counterUpdate(increment, 4, 120), {
    updateOne: {
      filter: { _id: 'm|music', 'applied.p4': { $exists: false } },
      update: {
        $inc: { count: 3 },
        $set: { 'applied.p4': 120 },
        $setOnInsert: { minute, hashtag: 'music' },
      },
      upsert: true,
    },
  });
});

test('counterUpdate applies only on the watermark it was computed against and moves it in the same update', () => {
  const op = counterUpdate({ id: 'm|music', count: 3, fields: {}, after: 99 }, 0, 150);
  assert.ok('updateOne' in op);
  assert.deepEqual(op.updateOne.filter, { _id: 'm|music', 'applied.p0': 99 });
  // No fields to set on insert: no empty $setOnInsert (MongoDB refuses an empty operator).
  assert.deepEqual(op.updateOne.update, { $inc: { count: 3 }, $set: { 'applied.p0': 150 } });
});

const hit = (id: string, offset: number) => ({ id, offset, fields: { name: id } });

test('planIncrements sums the hits of each counter of a batch, keeping the first hit’s fields', () => {
  const plan = planIncrements([hit('a', 10), hit('b', 11), hit('a', 12), hit('c', 13)], new Map());
  assert.deepEqual(
    plan.map((i) => [i.id, i.count, i.after, i.fields]),
    [
      ['a', 2, undefined, { name: 'a' }],
      ['b', 1, undefined, { name: 'b' }],
      ['c', 1, undefined, { name: 'c' }],
    ],
  );
});

test('planIncrements skips hits at or below the counter watermark, whatever the batch boundaries', () => {
  // An earlier delivery of offsets 10..12 was counted into "a"; this one redelivers 10..15.
  const plan = planIncrements(
    [hit('a', 10), hit('a', 12), hit('b', 12), hit('a', 14), hit('a', 15)],
    new Map([['a', 12]]),
  );
  assert.deepEqual(
    plan.map((i) => [i.id, i.count, i.after]),
    [
      ['b', 1, undefined],
      ['a', 2, 12],
    ],
  );
  assert.deepEqual(planIncrements([hit('a', 10)], new Map([['a', 99]])), []);
  assert.deepEqual(planIncrements([{ id: 'x', offset: 1 }], new Map())[0]?.fields, {});
});
