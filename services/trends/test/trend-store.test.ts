import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trendUpdate } from '../src/index.js';

const increment = {
  id: '2025-06-15T14:03Z|music',
  minute: new Date('2025-06-15T14:03:00Z'),
  hashtag: 'music',
  count: 3,
};

test('trendUpdate of a first count upserts only while the partition has no watermark on the document', () => {
  assert.deepEqual(trendUpdate({ ...increment, after: undefined }, 4, 120), {
    updateOne: {
      filter: { _id: '2025-06-15T14:03Z|music', 'applied.p4': { $exists: false } },
      update: {
        $inc: { count: 3 },
        $set: { 'applied.p4': 120 },
        $setOnInsert: { minute: new Date('2025-06-15T14:03:00Z'), hashtag: 'music' },
      },
      upsert: true,
    },
  });
});

test('trendUpdate applies only on the watermark it was computed against and moves it in the same update', () => {
  const op = trendUpdate({ ...increment, after: 99 }, 0, 150);
  assert.ok('updateOne' in op);
  assert.deepEqual(op.updateOne.filter, { _id: '2025-06-15T14:03Z|music', 'applied.p0': 99 });
  assert.deepEqual(op.updateOne.update, {
    $inc: { count: 3 },
    $set: { 'applied.p0': 150 },
    $setOnInsert: { minute: new Date('2025-06-15T14:03:00Z'), hashtag: 'music' },
  });
});
