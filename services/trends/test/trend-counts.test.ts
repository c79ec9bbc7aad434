import assert from 'node:assert/strict';
import { test } from 'vitest';
import { hashtagHits, minuteOf, trendId } from '../src/trend-counts.js';
import { cleanTweet } from './helpers/clean-tweet.js';

test('minuteOf buckets by created_at in UTC, whatever offset the time was written with', () => {
  const minute = (createdAt: string | null, receivedAt?: string) =>
    minuteOf(cleanTweet({ id: '1', hashtags: [], createdAt, ...(receivedAt ? { receivedAt } : {}) })).toISOString();
  assert.equal(minute('2025-06-15T14:03:59.999Z'), '2025-06-15T14:03:00.000Z');
  assert.equal(minute('2025-06-15T14:04:00.000Z'), '2025-06-15T14:04:00.000Z');
  assert.equal(minute('2025-06-15T16:03:12+02:00'), '2025-06-15T14:03:00.000Z');
});

test('minuteOf falls back to received_at when X did not say when the tweet was posted', () => {
  const tweet = cleanTweet({ id: '1', hashtags: [], createdAt: null, receivedAt: '2025-06-15T09:59:01.000Z' });
  assert.equal(minuteOf(tweet).toISOString(), '2025-06-15T09:59:00.000Z');
});

test('minuteOf buckets times before 1970 down, not towards zero', () => {
  const tweet = cleanTweet({ id: '1', hashtags: [], createdAt: '1969-12-31T23:59:30.000Z' });
  assert.equal(minuteOf(tweet).toISOString(), '1969-12-31T23:59:00.000Z');
});

test('trendId is the ISO minute and the hashtag', () => {
  assert.equal(trendId(new Date('2025-06-15T14:03:00.000Z'), 'music'), '2025-06-15T14:03Z|music');
  assert.equal(trendId(new Date('2025-01-02T03:04:00.000Z'), 'ñandú'), '2025-01-02T03:04Z|ñandú');
});

test('hashtagHits counts each distinct hashtag of a tweet once, case-insensitively', () => {
  const tweet = cleanTweet({ id: '7', hashtags: ['Music', 'music', 'jazz', ''], createdAt: '2025-06-15T14:03:10Z' });
  const hits = hashtagHits(tweet, 42);
  assert.deepEqual(
    hits.map((hit) => [hit.id, hit.fields?.hashtag, hit.offset, (hit.fields?.minute as Date).toISOString()]),
    [
      ['2025-06-15T14:03Z|music', 'music', 42, '2025-06-15T14:03:00.000Z'],
      ['2025-06-15T14:03Z|jazz', 'jazz', 42, '2025-06-15T14:03:00.000Z'],
    ],
  );
  assert.deepEqual(hashtagHits(cleanTweet({ id: '8', hashtags: [], createdAt: null }), 1), []);
});

test('hashtagHits counts a CleanTweet v1 still on the topic as it counts a v2', () => {
  const fields = { id: '9', hashtags: ['Music', 'jazz'], createdAt: '2025-06-15T14:03:10Z' };
  const v1 = cleanTweet({ ...fields, version: 1 });
  const v2 = cleanTweet({ ...fields, version: 2 });
  assert.equal(v1.schema_version, 1);
  assert.equal(v2.schema_version, 2);
  assert.deepEqual(hashtagHits(v1, 3), hashtagHits(v2, 3));
});
