import assert from 'node:assert/strict';
import { test } from 'vitest';
import { committedOffset } from '../src/group-lag-reader.js';
import { topicLag } from '../src/partition-lag.js';

test('committedOffset maps what the client reports to what topicLag wants', () => {
  assert.equal(committedOffset('-1001'), '-1', 'nothing committed (librdkafka OFFSET_INVALID)');
  assert.equal(committedOffset(null), '-1', 'the client reports nothing committed and a committed 0 both as null');
  assert.equal(committedOffset('42'), '42');
  assert.equal(committedOffset('9007199254740993'), '9007199254740993');
});

test('topicLag gives the same lag for a committed 0 and for nothing committed', () => {
  for (const low of ['0', '4']) {
    const offsets = [{ partition: 0, end: '10', low }];
    assert.deepEqual(
      topicLag(offsets, [{ partition: 0, offset: committedOffset(null) }]),
      topicLag(offsets, [{ partition: 0, offset: '0' }]),
    );
  }
});
