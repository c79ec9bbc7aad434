import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseClean, type CleanTweet } from '../src/index.js';

const tweet: CleanTweet = {
  schema_version: 1,
  id: '1377650090978992134',
  text: 'tweet #music',
  lang: 'en',
  created_at: '2025-06-15T14:03:10.000Z',
  author: { id: '4602771083', username: 'kat', name: 'Kat' },
  hashtags: ['music'],
  mentions: [],
  urls: [],
  tokens: ['tweet', '#music'],
  matched_keywords: ['#music'],
  matching_rules: [{ id: '1377650087799754753', tag: null }],
  source: 'synthetic',
  received_at: '2025-06-15T14:03:11.000Z',
  filtered_at: '2025-06-15T14:03:11.000Z',
};

test('parseClean accepts a CleanTweet v1 as the filter writes it', () => {
  const parsed = parseClean(Buffer.from(JSON.stringify(tweet)));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.tweet, tweet);
});

test('parseClean reports INVALID_JSON, SCHEMA_VIOLATION with the failing path, and a missing value', () => {
  const broken = parseClean(Buffer.from('{"schema_version": 1, "id": "1'));
  assert.equal(!broken.ok && broken.code, 'INVALID_JSON');
  const wrong = parseClean(Buffer.from(JSON.stringify({ ...tweet, hashtags: 'music' })));
  assert.equal(!wrong.ok && wrong.code, 'SCHEMA_VIOLATION');
  assert.match(!wrong.ok ? wrong.reason : '', /^hashtags:/);
  const empty = parseClean(null);
  assert.equal(!empty.ok && empty.code, 'SCHEMA_VIOLATION');
  assert.equal(!empty.ok && empty.reason, 'record has no value');
});

const v2: CleanTweet = {
  ...tweet,
  schema_version: 2,
  full_text: 'tweet #music',
  data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id], public_metrics: { like_count: 1 } },
  includes: { users: [{ id: '4602771083', username: 'kat', name: 'Kat' }] },
  expansions: {
    author: { id: '4602771083', username: 'kat', name: 'Kat' },
    in_reply_to_user: null,
    mentioned_users: [],
    referenced_tweets: [],
    media: [],
    place: null,
    polls: [],
  },
  errors: [],
};

test('parseClean accepts a CleanTweet v2 whole, and still v1 (records written before v2)', () => {
  const parsed = parseClean(Buffer.from(JSON.stringify(v2)));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.tweet, v2);
  assert.ok(parseClean(Buffer.from(JSON.stringify(tweet))).ok);
});

test('parseClean refuses an unknown schema_version with a reason naming it', () => {
  for (const version of [3, 0, '2', undefined]) {
    const parsed = parseClean(Buffer.from(JSON.stringify({ ...v2, schema_version: version })));
    assert.equal(!parsed.ok && parsed.code, 'SCHEMA_VIOLATION');
    assert.match(!parsed.ok ? parsed.reason : '', /^schema_version: unknown schema_version .*knows 1, 2$/);
  }
  const missing = parseClean(Buffer.from(JSON.stringify({ ...v2, data: undefined })));
  assert.match(!missing.ok ? missing.reason : '', /^data:/);
});
