import assert from 'node:assert/strict';
import { test } from 'vitest';
import { topicLag } from '@tweet-pipeline/kafka';

// Tests of libs/kafka/src/lag-reporter.ts (kept with the ops checks; their home is libs/kafka/test/).
const offsets = (partition: number, low: string, end: string) => ({ partition, low, end });

test('topicLag is the last stable offset minus the committed offset, per partition', () => {
  assert.deepEqual(
    topicLag(
      [offsets(1, '0', '50'), offsets(0, '0', '100')],
      [
        { partition: 0, offset: '60' },
        { partition: 1, offset: '50' },
      ],
    ),
    [
      { partition: 0, lag: 40 },
      { partition: 1, lag: 0 },
    ],
  );
});

test('topicLag counts from the low watermark where the group committed nothing', () => {
  assert.deepEqual(topicLag([offsets(0, '20', '100'), offsets(1, '0', '0')], [{ partition: 0, offset: '-1' }]), [
    { partition: 0, lag: 80 },
    { partition: 1, lag: 0 },
  ]);
});

test('topicLag counts from the low watermark when retention deleted past the committed offset', () => {
  assert.deepEqual(topicLag([offsets(0, '500', '700')], [{ partition: 0, offset: '100' }]), [
    { partition: 0, lag: 200 },
  ]);
});

test('topicLag is never negative (offsets fetched one after the other)', () => {
  assert.deepEqual(topicLag([offsets(0, '0', '10')], [{ partition: 0, offset: '12' }]), [{ partition: 0, lag: 0 }]);
});

test('topicLag reports a commit marker as 1: a caught-up group on a transactional topic', () => {
  // Records 0-9 and the commit marker at 10; the group consumed record 9 and committed 10.
  assert.deepEqual(topicLag([offsets(0, '0', '11')], [{ partition: 0, offset: '10' }]), [{ partition: 0, lag: 1 }]);
});

test('topicLag keeps exact offsets beyond 2^53', () => {
  assert.deepEqual(
    topicLag([offsets(0, '9007199254740000', '9007199254740995')], [{ partition: 0, offset: '9007199254740993' }]),
    [{ partition: 0, lag: 2 }],
  );
});
