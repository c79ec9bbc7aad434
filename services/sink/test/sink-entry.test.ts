import assert from 'node:assert/strict';
import { test } from 'vitest';
import { toSinkEntry } from '../src/sink-entry.js';
import { cleanTweet } from './helpers/clean-tweets.js';

test('toSinkEntry maps a valid record to its document and an invalid one to the DLQ reason', () => {
  const tweet = cleanTweet('1900000000000000042', 42);
  const valid = toSinkEntry({ offset: '7', key: Buffer.from(tweet.id), value: Buffer.from(JSON.stringify(tweet)) });
  assert.ok('document' in valid);
  assert.equal(valid.document._id, tweet.id);
  assert.equal(valid.offset, '7');

  const missing = toSinkEntry({ offset: '8', key: null, value: null });
  assert.ok('invalid' in missing);
  assert.equal(missing.invalid.code, 'SCHEMA_VIOLATION');
});
