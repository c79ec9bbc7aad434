import assert from 'node:assert/strict';
import { test } from 'vitest';
import { cleanTweetV2Schema, parseJsonLossless, rawStreamMessageSchema } from '@tweet-pipeline/contracts';
import { LONG_POST_CUT } from '@tweet-pipeline/synthetic';
import { tokenize } from '../src/text/tokenize.js';
import { toCleanTweet } from '../src/to-clean-tweet.js';
import { postBody } from '../src/x/long-post.js';
import { richRaw } from './x/rich-messages.js';
import type { RawStreamMessage } from '@tweet-pipeline/contracts';

const clean = (message: RawStreamMessage) => {
  const body = postBody(message);
  return cleanTweetV2Schema.parse(
    toCleanTweet(message, {
      body,
      tokens: tokenize(body.text),
      matchedKeywords: ['music'],
      source: 'x-filtered-stream',
      receivedAt: 1_767_261_600_000,
      filteredAt: 1_767_261_600_500,
    }),
  );
};

test('toCleanTweet keeps the whole data object and includes as received', () => {
  for (const shape of ['long', 'edited', 'media', 'poll', 'place', 'referenced'] as const) {
    const raw = richRaw(shape);
    const tweet = clean(raw);
    assert.deepEqual(tweet.data, raw.data, shape);
    assert.deepEqual(tweet.includes, raw.includes, shape);
    assert.deepEqual(tweet.matching_rules, [{ id: '1377650087799754753', tag: 'music' }]);
  }
});

test('toCleanTweet reads a long post from note_tweet and keeps text as sent', () => {
  const raw = richRaw('long');
  const tweet = clean(raw);
  assert.equal([...tweet.text].length, LONG_POST_CUT);
  assert.equal(tweet.text, raw.data.text);
  assert.equal(tweet.full_text, raw.data.note_tweet?.text);
  assert.ok(tweet.full_text.length > tweet.text.length);
  assert.deepEqual(tweet.hashtags, ['music', 'longread'], 'the hashtag after the cut is found');
  assert.ok(tweet.tokens.includes('#longread') && tweet.tokens.includes('encore'), 'tokens of the whole text');
  assert.deepEqual(tweet.mentions, ['kat']);
  assert.deepEqual(tweet.urls, ['https://example.com/a']);
});

test('toCleanTweet resolves author, mentions, referenced posts and their authors, media, place and polls', () => {
  const referenced = clean(richRaw('referenced'));
  assert.deepEqual(referenced.expansions.author, { id: '4602771083', username: 'dj', name: 'DJ' });
  assert.deepEqual(referenced.expansions.mentioned_users, [{ id: '4602771084', username: 'kat', name: 'Kat' }]);
  assert.deepEqual(
    referenced.expansions.referenced_tweets.map((r) => [r.type, r.tweet?.['text'], r.author?.['username']]),
    [
      ['quoted', 'the quoted post', 'quoted_author'],
      ['replied_to', 'the post replied to', 'reply_author'],
    ],
  );
  assert.equal(referenced.expansions.in_reply_to_user?.['username'], 'reply_author');
  const media = clean(richRaw('media'));
  assert.deepEqual(
    media.expansions.media.map((m) => m['type']),
    ['photo', 'video'],
  );
  assert.equal(clean(richRaw('place')).expansions.place?.['full_name'], 'Paris, France');
  assert.deepEqual(
    clean(richRaw('poll')).expansions.polls[0]?.['options'],
    (richRaw('poll').includes?.['polls'] as { options: unknown }[])[0]?.options,
  );
  assert.deepEqual(clean(richRaw('edited')).data['edit_history_tweet_ids'], [
    '1899999999998000101',
    '1899999999999000101',
    '1900000000000000101',
  ]);
});

test('toCleanTweet resolves a missing expansion to null and keeps X errors', () => {
  const raw = rawStreamMessageSchema.parse({
    data: {
      id: '1900000000000000201',
      text: 'music',
      author_id: '1',
      referenced_tweets: [{ type: 'quoted', id: '5' }],
    },
    errors: [{ resource_id: '5', resource_type: 'tweet', title: 'Not Found Error', detail: 'Could not find tweet' }],
  });
  const tweet = clean(raw);
  assert.equal(tweet.expansions.author, null);
  assert.deepEqual(tweet.expansions.referenced_tweets, [{ type: 'quoted', id: '5', tweet: null, author: null }]);
  assert.equal(tweet.errors[0]?.['title'], 'Not Found Error');
});

test('toCleanTweet writes an integer beyond 2^53 that X sent as a number as its exact decimal string', () => {
  const raw = rawStreamMessageSchema.parse(
    parseJsonLossless('{"data":{"id":"1900000000000000301","text":"music","future_count":12345678901234567890}}'),
  );
  const tweet = clean(raw);
  assert.equal(tweet.data['future_count'], '12345678901234567890');
  assert.doesNotThrow(() => JSON.stringify(tweet));
});
