import assert from 'node:assert/strict';
import { test } from 'vitest';
import { prepareTweet } from '../src/index.js';

test('prepareTweet splits text into words, hashtags, mentions and emoji, skipping links', () => {
  const t = prepareTweet({ text: 'Don’t miss NEW #Music by @Bob 🎵❤️ https://t.co/AbC me@host.io' });
  assert.deepEqual(t.tokens, ["don't", 'miss', 'new', '#music', 'by', '@bob', '🎵', '❤', 'me', 'host', 'io']);
  assert.deepEqual([...t.words], ["don't", 'miss', 'new', 'by', 'me', 'host', 'io']);
  assert.deepEqual([...t.hashtags], ['music']);
  assert.deepEqual([...t.mentions], ['bob']);
  assert.equal(t.hasLinks, true);
});

test('prepareTweet prefers entities over the text and lower-cases them', () => {
  const t = prepareTweet({ text: '#a @b plain', hashtags: ['Jazz'], mentions: ['XDevelopers'], hasLinks: false });
  assert.deepEqual([...t.hashtags], ['jazz']);
  assert.deepEqual([...t.mentions], ['xdevelopers']);
  assert.equal(t.hasLinks, false);
});

test('prepareTweet derives retweet, reply and quote flags and normalises lang and author', () => {
  const t = prepareTweet({
    text: 'hi',
    lang: 'EN',
    authorUsername: 'Bob',
    authorId: '12',
    referencedTweetTypes: ['replied_to', 'quoted'],
  });
  assert.deepEqual(
    { lang: t.lang, user: t.authorUsername, id: t.authorId, rt: t.isRetweet, reply: t.isReply, quote: t.isQuote },
    { lang: 'en', user: 'bob', id: '12', rt: false, reply: true, quote: true },
  );
  assert.equal(prepareTweet({ text: 'RT @bob: hi' }).isRetweet, true);
  assert.equal(prepareTweet({ text: 'hi', referencedTweetTypes: ['retweeted'] }).isRetweet, true);
});

test('prepareTweet composes decomposed accents so é equals e + U+0301', () => {
  assert.deepEqual([...prepareTweet({ text: 'Cafe\u0301' }).words], ['café']);
});
