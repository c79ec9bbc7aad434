import assert from 'node:assert/strict';
import { test } from 'vitest';
import { rawStreamMessageSchema } from '@tweet-pipeline/contracts';
import { LONG_POST_CUT, RichShapes, SyntheticTweets, type SyntheticRecord } from '../src/index.js';

const options = { seed: 7, musicRatio: 0.3, duplicateRatio: 0.1, invalidRatio: 0.01, startMs: 1_700_000_000_000 };
const take = (n: number, o = options): SyntheticRecord[] => {
  const source = new SyntheticTweets(o);
  return Array.from({ length: n }, () => source.next());
};

test('SyntheticTweets emits exact shares of duplicates, invalid records and music tweets', () => {
  const records = take(10_000);
  const kinds = (k: SyntheticRecord['kind']) => records.filter((r) => r.kind === k);
  assert.equal(kinds('duplicate').length, 1_000);
  assert.equal(kinds('invalid').length, 90);
  const tweets = kinds('tweet');
  assert.equal(tweets.length, 8_910);
  assert.equal(tweets.filter((t) => t.kind === 'tweet' && t.music).length, Math.floor(8_910 * 0.3));
  const ids = new Set(tweets.map((t) => t.key));
  assert.equal(ids.size, tweets.length, 'original tweets have distinct ids');
  for (const d of kinds('duplicate')) assert.ok(ids.has(d.key), 'a duplicate repeats an id already emitted');
});

test('SyntheticTweets produces valid X v2 stream messages with 64-bit string ids and entities', () => {
  for (const record of take(500)) {
    if (record.kind === 'invalid') {
      assert.throws(() => JSON.parse(record.bytes));
      continue;
    }
    const parsed = rawStreamMessageSchema.parse(JSON.parse(JSON.stringify(record.message)));
    assert.ok(BigInt(parsed.data.id) > 2n ** 53n);
    assert.equal(parsed.data.id, record.key);
    assert.equal(parsed.includes?.users?.[0]?.id, parsed.data.author_id);
    const { text } = parsed.data;
    for (const h of parsed.data.entities?.hashtags ?? []) assert.ok(text.includes(`#${h.tag}`));
    assert.ok((parsed.data.entities?.urls?.length ?? 0) > 0);
  }
});

test('SyntheticTweets is reproducible from its seed and differs across seeds', () => {
  assert.deepEqual(take(200), take(200));
  assert.notDeepEqual(take(50), take(50, { ...options, seed: 8 }));
});

test('SyntheticTweets with richRatio sends each rich shape in turn, valid and with its includes', () => {
  const plain = new SyntheticTweets({ seed: 5, musicRatio: 0.5, duplicateRatio: 0, invalidRatio: 0 });
  const rich = new SyntheticTweets({ seed: 5, musicRatio: 0.5, duplicateRatio: 0, invalidRatio: 0, richRatio: 1 });
  const messages = Array.from({ length: RichShapes.length }, () => {
    const [a, b] = [plain.next(), rich.next()];
    assert.ok(a.kind === 'tweet' && b.kind === 'tweet');
    assert.equal(a.music, b.music, 'the same draws');
    return rawStreamMessageSchema.parse(b.message);
  });
  const [long, edited, media, poll, place, referenced] = messages;
  assert.ok(long?.data.note_tweet && [...long.data.text].length === LONG_POST_CUT);
  assert.equal(edited?.data.edit_history_tweet_ids?.length, 3);
  assert.equal((media?.includes?.['media'] as unknown[]).length, 2);
  assert.equal((poll?.includes?.['polls'] as unknown[]).length, 1);
  assert.equal((place?.includes?.['places'] as unknown[]).length, 1);
  assert.equal((referenced?.includes?.['tweets'] as unknown[]).length, 2);
});
