import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { CleanTweet } from '@tweet-pipeline/contracts';
import { parseClean, toDocument } from '../src/index.js';

export const sampleClean: CleanTweet = {
  schema_version: 1,
  id: '1377650090978992134',
  text: 'new #music',
  lang: 'en',
  created_at: '2021-04-01T15:52:31.000Z',
  author: { id: '4602771083', username: 'kat', name: 'Kat' },
  hashtags: ['music'],
  mentions: [],
  urls: [],
  tokens: ['new', '#music'],
  matched_keywords: ['#music'],
  matching_rules: [{ id: '1377650087799754753', tag: null }],
  source: 'replay',
  received_at: '2021-04-01T15:52:32.000Z',
  filtered_at: '2021-04-01T15:52:33.000Z',
};

test('parseClean accepts a CleanTweet v1 and toDocument keys it by tweet id with BSON dates', () => {
  const parsed = parseClean(Buffer.from(JSON.stringify(sampleClean)));
  assert.ok(parsed.ok);
  const document = toDocument(parsed.tweet);
  assert.equal(document._id, '1377650090978992134');
  assert.ok(document.received_at instanceof Date);
  assert.equal(document.received_at.toISOString(), sampleClean.received_at);
});

test('parseClean reports INVALID_JSON and SCHEMA_VIOLATION with the failing path', () => {
  const broken = parseClean(Buffer.from('{'));
  assert.equal(!broken.ok && broken.code, 'INVALID_JSON');
  const numericId = parseClean(
    Buffer.from(JSON.stringify(sampleClean).replace('"id":"1377650090978992134"', '"id":1377650090978992134')),
  );
  assert.equal(!numericId.ok && numericId.code, 'SCHEMA_VIOLATION');
  assert.match(!numericId.ok ? numericId.reason : '', /^id:/);
});
