import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClean } from '../src/index.js';
import { cleanTweet } from './helpers/clean-tweet.js';

test('parseClean accepts a CleanTweet v1', () => {
  const tweet = cleanTweet({ id: '1377650090978992134', hashtags: ['music'], createdAt: '2025-06-15T14:03:10Z' });
  const parsed = parseClean(Buffer.from(JSON.stringify(tweet)));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.tweet, tweet);
});

test('parseClean reports INVALID_JSON, SCHEMA_VIOLATION with the failing path, and a missing value', () => {
  const broken = parseClean(Buffer.from('{"schema_version": 1, "id": "1'));
  assert.equal(!broken.ok && broken.code, 'INVALID_JSON');
  const tweet = cleanTweet({ id: '1', hashtags: ['music'], createdAt: null });
  const wrong = parseClean(Buffer.from(JSON.stringify({ ...tweet, hashtags: 'music' })));
  assert.equal(!wrong.ok && wrong.code, 'SCHEMA_VIOLATION');
  assert.match(!wrong.ok ? wrong.reason : '', /^hashtags:/);
  const empty = parseClean(null);
  assert.equal(!empty.ok && empty.code, 'SCHEMA_VIOLATION');
});
