import assert from 'node:assert/strict';
import { test } from 'vitest';
import { toDocument } from '../src/to-document.js';
import { unescapeStorageKeys } from '../src/storage-keys.js';
import { cleanTweet } from './helpers/clean-tweets.js';

test('toDocument escapes refused field names inside X objects only, and keeps the rest as on the topic', () => {
  const base = cleanTweet('1900000000000000043', 43);
  const data = { ...base.data, $where: 'x', 'a.b': { 'c.d': 1 } };
  const tweet = { ...base, data, includes: { ...base.includes, 'odd.list': [] } };
  const document = toDocument(tweet);
  assert.equal(document._id, tweet.id);
  assert.ok(document.received_at instanceof Date);
  assert.ok(document.schema_version === 2);
  assert.deepEqual(Object.keys(document.data).slice(-2), ['%24where', 'a%2Eb']);
  assert.deepEqual(document.data['a%2Eb'], { 'c%2Ed': 1 });
  assert.ok('odd%2Elist' in document.includes);
  assert.deepEqual(unescapeStorageKeys(document.data), data);
  assert.deepEqual(document.hashtags, tweet.hashtags);
});

test('toDocument stores a CleanTweet v1 as a v1 document', () => {
  const v2 = cleanTweet('1900000000000000044', 44);
  const document = toDocument({
    schema_version: 1,
    id: v2.id,
    text: v2.text,
    lang: v2.lang,
    created_at: v2.created_at,
    author: v2.author,
    hashtags: v2.hashtags,
    mentions: v2.mentions,
    urls: v2.urls,
    tokens: v2.tokens,
    matched_keywords: v2.matched_keywords,
    matching_rules: v2.matching_rules,
    source: v2.source,
    received_at: v2.received_at,
    filtered_at: v2.filtered_at,
  });
  assert.equal(document.schema_version, 1);
  assert.equal('data' in document, false);
});
