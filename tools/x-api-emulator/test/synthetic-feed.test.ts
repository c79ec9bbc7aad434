import assert from 'node:assert/strict';
import { test } from 'vitest';
import { rawStreamMessageSchema } from '@tweet-pipeline/contracts';
import { SyntheticFeed } from '../src/synthetic-feed.js';
import type { TweetMessage } from '../src/tweet-store.js';
import { waitFor } from './helpers.js';

test('SyntheticFeed posts valid X messages at the configured rate, music among them', async () => {
  const posted: TweetMessage[] = [];
  const feed = new SyntheticFeed({
    ratePerSecond: 200,
    seed: 3,
    musicRatio: 0.5,
    duplicateRatio: 0.1,
    post: (m) => posted.push(m),
  });
  const started = Date.now();
  feed.start();
  try {
    await waitFor('100 tweets', () => posted.length >= 100);
  } finally {
    feed.stop();
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 400, `100 tweets at 200/s take about 500 ms, took ${elapsed}`);
  for (const message of posted) rawStreamMessageSchema.parse(message);
  assert.ok(posted.some((m) => /music/i.test(m.data.text)));
  assert.ok(
    posted.every((m) => !('matching_rules' in m)),
    'matching_rules come from the emulator rules',
  );
  assert.ok(new Set(posted.map((m) => m.data.id)).size < posted.length, 'duplicates are redelivered');
});

test('SyntheticFeed posts nothing at rate 0', async () => {
  const posted: TweetMessage[] = [];
  const feed = new SyntheticFeed({
    ratePerSecond: 0,
    seed: 3,
    musicRatio: 0.5,
    duplicateRatio: 0,
    post: (m) => posted.push(m),
  });
  feed.start();
  await new Promise((resolve) => setTimeout(resolve, 250));
  feed.stop();
  assert.equal(posted.length, 0);
});

test('SyntheticFeed with richRatio posts long, edited, media, poll, place and referenced posts with their includes', async () => {
  const posted: TweetMessage[] = [];
  const feed = new SyntheticFeed({
    ratePerSecond: 200,
    seed: 4,
    musicRatio: 0.5,
    duplicateRatio: 0,
    richRatio: 1,
    post: (m) => posted.push(m),
  });
  feed.start();
  try {
    await waitFor('6 tweets', () => posted.length >= 6);
  } finally {
    feed.stop();
  }
  const [long, edited, media, poll, place, referenced] = posted.map((m) => rawStreamMessageSchema.parse(m));
  assert.ok(long?.data.note_tweet !== undefined);
  assert.equal(edited?.data.edit_history_tweet_ids?.length, 3);
  for (const [message, kind] of [
    [media, 'media'],
    [poll, 'polls'],
    [place, 'places'],
    [referenced, 'tweets'],
  ] as const) {
    assert.ok(Array.isArray(message?.includes?.[kind]), kind);
  }
});
