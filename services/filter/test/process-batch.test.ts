import assert from 'node:assert/strict';
import { test } from 'vitest';
import { cleanTweetSchema, MAX_RECORD_BYTES } from '@tweet-pipeline/contracts';
import { RuleSet } from '@tweet-pipeline/x-rules';
import { PartitionedDedupeState, processBatch, type BatchRecord } from '../src/index.js';

const freshMemory = () => {
  const state = new PartitionedDedupeState({ windowMs: 3_600_000 });
  state.assign(0);
  return state.forPartition(0);
};

const rules = { ruleSet: new RuleSet([{ value: 'music OR #music' }]), removeStopwords: false };
let offset = 0;
const record = (id: string, text: string, extra: object = {}): BatchRecord => ({
  key: id,
  value: Buffer.from(
    JSON.stringify({
      data: {
        id,
        text,
        author_id: '9',
        lang: 'en',
        entities: { hashtags: [...text.matchAll(/#(\w+)/g)].map((m) => ({ tag: m[1] })) },
        ...extra,
      },
      includes: { users: [{ id: '9', username: 'kat', name: 'Kat' }] },
      matching_rules: [{ id: '1377650087799754753', tag: null }],
    }),
  ),
  source: 'synthetic',
  receivedAt: '1700000000000',
  offset: String(offset++),
});

test('processBatch passes matching tweets as CleanTweet v2 and counts every outcome', () => {
  const seen = freshMemory();
  seen.remember('1000000000000000001', Date.now());
  const result = processBatch(
    [
      record('1000000000000000001', 'music seen before'),
      record('1000000000000000002', 'Great #Music tonight'),
      record('1000000000000000002', 'Great #Music tonight'),
      record('1000000000000000003', 'nothing to see'),
      { key: 'x', value: Buffer.from('{oops'), source: 'synthetic', receivedAt: '1', offset: '99' },
    ],
    seen,
    rules,
    1_700_000_000_500,
  );
  assert.deepEqual(result.counts, { passed: 1, duplicate: 2, filtered_out: 1, invalid: 1 });
  assert.deepEqual(result.newIds, ['1000000000000000002', '1000000000000000003']);
  assert.equal(result.invalid[0]?.code, 'INVALID_JSON');
  const clean = cleanTweetSchema.parse(result.clean[0]);
  assert.equal(clean.schema_version, 2);
  assert.equal(clean.id, '1000000000000000002');
  assert.deepEqual(clean.hashtags, ['music']);
  assert.deepEqual(clean.matched_keywords, ['#music']);
  assert.deepEqual(clean.tokens, ['great', '#music', 'tonight']);
  assert.deepEqual(clean.author, { id: '9', username: 'kat', name: 'Kat' });
  assert.deepEqual(clean.matching_rules, [{ id: '1377650087799754753', tag: null }]);
  assert.equal(clean.received_at, '2023-11-14T22:13:20.000Z');
  assert.equal(clean.filtered_at, '2023-11-14T22:13:20.500Z');
});

test('processBatch leaves the dedupe state untouched (it is updated only after commit)', () => {
  const seen = freshMemory();
  processBatch([record('1000000000000000009', 'music')], seen, rules, Date.now());
  assert.equal(seen.size, 0);
});

test('processBatch applies X rule syntax: negation, lang and retweets', () => {
  const strict = { ruleSet: new RuleSet([{ value: 'music -is:retweet lang:en' }]), removeStopwords: false };
  const result = processBatch(
    [
      record('1000000000000000011', 'new music today'),
      record('1000000000000000012', 'RT @kat: new music today'),
      record('1000000000000000013', 'music', { lang: 'fr' }),
      record('1000000000000000014', 'music retweeted', { referenced_tweets: [{ type: 'retweeted', id: '1' }] }),
    ],
    freshMemory(),
    strict,
    Date.now(),
  );
  assert.deepEqual(
    result.clean.map((t) => t.id),
    ['1000000000000000011'],
  );
  assert.deepEqual(result.clean[0]?.matched_keywords, ['music']);
  assert.equal(result.counts.filtered_out, 3);
});

test('processBatch sends a tweet whose CleanTweet would be too large for Kafka to the DLQ, and goes on', () => {
  // ~0.9 MB raw: a 600 KB author name and 100,000 'İ', which lower-case to 'i̇' (3 bytes) in the tokens.
  const id = '1000000000000000021';
  const value = Buffer.from(
    JSON.stringify({
      data: { id, text: `music ${'İ'.repeat(99_990)}`, author_id: '9' },
      includes: { users: [{ id: '9', username: 'big', name: 'n'.repeat(600_000) }] },
    }),
  );
  const big: BatchRecord = { key: id, value, source: 'synthetic', receivedAt: '1700000000000', offset: '1' };
  const result = processBatch([big, record('1000000000000000022', 'music after')], freshMemory(), rules, Date.now());
  assert.deepEqual(
    result.invalid.map((i) => [i.record.offset, i.code]),
    [['1', 'MESSAGE_TOO_LARGE']],
  );
  assert.match(result.invalid[0]?.reason ?? '', /above the Kafka record limit/);
  assert.deepEqual(
    result.clean.map((t) => t.id),
    ['1000000000000000022'],
  );
  assert.deepEqual(result.newIds, ['1000000000000000022'], 'a tweet sent to the DLQ is not remembered as seen');
  assert.deepEqual(result.counts, { passed: 1, duplicate: 0, filtered_out: 0, invalid: 1 });
});

test('processBatch sends a CleanTweet v2 above the record limit to the DLQ, however small its raw message', () => {
  // 300 referenced posts by one author with a 4 KB name: the raw message is ~20 KB, its expansions ~1.2 MB.
  const author = { id: '77', username: 'big', name: 'n'.repeat(4_000) };
  const refs = Array.from({ length: 300 }, (_, i) => String(1_000_000n + BigInt(i)));
  const raw = {
    data: { id: '1000000000000000031', text: 'music', referenced_tweets: refs.map((id) => ({ type: 'quoted', id })) },
    includes: { users: [author], tweets: refs.map((id) => ({ id, text: 'q', author_id: '77' })) },
  };
  const value = Buffer.from(JSON.stringify(raw));
  assert.ok(value.length < 40_000);
  const result = processBatch(
    [{ key: raw.data.id, value, source: 'replay', receivedAt: '1700000000000', offset: '1' }],
    freshMemory(),
    rules,
    1_700_000_000_500,
  );
  assert.deepEqual(result.counts, { passed: 0, duplicate: 0, filtered_out: 0, invalid: 1 });
  assert.equal(result.invalid[0]?.code, 'MESSAGE_TOO_LARGE');
  assert.match(result.invalid[0]?.reason ?? '', /CleanTweet would be a record of \d+ bytes/);
});

test('processBatch keeps a worst-case long post with every expansion within the record limit', () => {
  // X's largest post: 25,000 characters of note_tweet (4-byte emoji), its 280-character cut, and full includes.
  const full = '🎵'.repeat(25_000);
  const users = Array.from({ length: 50 }, (_, i) => ({
    id: String(100 + i),
    username: `u${i}`,
    name: 'N'.repeat(50),
  }));
  const raw = {
    data: {
      id: '1000000000000000032',
      text: `music ${'🎵'.repeat(274)}`,
      author_id: '100',
      note_tweet: { text: `music ${full}`, entities: { mentions: users.map((u) => ({ username: u.username })) } },
      referenced_tweets: [{ type: 'quoted', id: '5' }],
    },
    includes: { users, tweets: [{ id: '5', text: 'x'.repeat(280), author_id: '101', note_tweet: { text: full } }] },
  };
  const result = processBatch(
    [
      {
        key: raw.data.id,
        value: Buffer.from(JSON.stringify(raw)),
        source: 'replay',
        receivedAt: '1700000000000',
        offset: '2',
      },
    ],
    freshMemory(),
    { ruleSet: new RuleSet([{ value: 'music' }]), removeStopwords: false },
    1_700_000_000_500,
  );
  assert.equal(result.counts.passed, 1, result.invalid[0]?.reason);
  // Measured: ~589,000 bytes (tokens, full_text, data.note_tweet and the quoted post's note each hold the text).
  const bytes = Buffer.byteLength(JSON.stringify(result.clean[0]));
  assert.ok(bytes > 500_000 && bytes < MAX_RECORD_BYTES, `${bytes} bytes`);
});
