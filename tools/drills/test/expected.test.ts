import assert from 'node:assert/strict';
import { test } from 'vitest';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import { isMusicText, streamExpected, syntheticExpected } from '../src/expected.js';

const options = { seed: 7, musicRatio: 0.3, duplicateRatio: 0.05, invalidRatio: 0, startMs: 1_760_000_000_000 };

test('synthetic expectation: the distinct music ids of the first n records, repeats counted once', () => {
  const expected = syntheticExpected(options, 2_000);
  assert.equal(expected.sent, 2_000);
  // 2,000 records: floor(2,000 × 0.05) = 100 repeats, 1,900 tweets, floor(1,900 × 0.3) = 570 about music.
  assert.equal(expected.ids.size, 570);
  const again = syntheticExpected(options, 2_000);
  assert.deepEqual([...again.ids], [...expected.ids], 'same seed and start time, same ids');
});

test('the independent word match agrees with the generator on every synthetic tweet', () => {
  const tweets = new SyntheticTweets(options);
  for (let i = 0; i < 5_000; i++) {
    const record = tweets.next();
    if (record.kind === 'invalid') continue;
    assert.equal(isMusicText(record.message.data.text), record.music, record.message.data.text);
  }
});

test('music as a word or hashtag in any case, not inside another word', () => {
  for (const text of ['music', 'new Music today', '#MUSIC!', 'love #music', '(music)']) {
    assert.equal(isMusicText(text), true, text);
  }
  for (const text of ['musical night', 'musicians', 'nomusic', '#musicvideo', 'muzic', '']) {
    assert.equal(isMusicText(text), false, text);
  }
});

test('stream expectation: music ids among the lines sent, repeats once, unreadable lines counted as sent', () => {
  const line = (id: string, text: string) => JSON.stringify({ data: { id, text }, matching_rules: [] });
  const lines = [
    line('1', 'new music'),
    line('2', 'coffee'),
    line('1', 'new music'),
    '{"data": {"id": "3", "te',
    line('4', '#Music'),
  ];
  const expected = streamExpected(lines);
  assert.equal(expected.sent, 5);
  assert.equal(expected.unreadable, 1);
  assert.deepEqual([...expected.ids], ['1', '4']);
});
