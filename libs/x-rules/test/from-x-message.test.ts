import assert from 'node:assert/strict';
import { test } from 'vitest';
import { matchableFromXMessage, prepareTweet, RuleSet } from '../src/index.js';

const cut = 'a long post that starts about nothing in particular'.padEnd(280, '.');
const longPost = {
  data: {
    text: cut,
    entities: { hashtags: [] },
    note_tweet: {
      text: `${cut} and ends on new #jazz by @kat https://t.co/x`,
      entities: { hashtags: [{ tag: 'Jazz' }], mentions: [{ username: 'kat' }], urls: [{ url: 'https://t.co/x' }] },
    },
  },
};

test('matchableFromXMessage matches a long post on its note_tweet text and entities', () => {
  const matchable = matchableFromXMessage(longPost);
  assert.equal(matchable.text, longPost.data.note_tweet.text);
  assert.deepEqual(matchable.hashtags, ['Jazz']);
  assert.deepEqual(matchable.mentions, ['kat']);
  assert.equal(matchable.hasLinks, true);
  const rules = new RuleSet([{ value: '#jazz @kat has:links' }]);
  assert.equal(rules.match(prepareTweet(matchable)).length, 1);
  const cutOnly = { text: longPost.data.text, entities: longPost.data.entities };
  assert.equal(rules.match(prepareTweet(matchableFromXMessage({ data: cutOnly }))).length, 0, 'the cut alone misses');
});
