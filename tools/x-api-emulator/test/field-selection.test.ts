import assert from 'node:assert/strict';
import { test } from 'vitest';
import {
  buildIncludes,
  parseFieldSelection,
  shapeTweet,
  type FieldSelection,
  type IncludesSource,
} from '../src/field-selection.js';
import type { JsonObject } from '../src/json-object.js';

const select = (query: string): FieldSelection => {
  const parsed = parseFieldSelection(new URLSearchParams(query));
  assert.ok(!Array.isArray(parsed), JSON.stringify(parsed));
  return parsed;
};

const author = {
  id: '1',
  username: 'author',
  name: 'Author',
  description: 'bio',
  created_at: '2020-01-01T00:00:00.000Z',
};
const mentioned = { id: '2', username: 'Mentioned', name: 'Mentioned' };
const quoted = { id: '30', text: 'quoted tweet', author_id: '2', lang: 'en' };
const media = { media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/x.jpg', width: 10 };
const place = { id: 'p1', full_name: 'Paris, France', country: 'France' };
const source: IncludesSource = {
  user: (id) => [author, mentioned].find((u) => u.id === id),
  userByUsername: (name) => [author, mentioned].find((u) => u.username.toLowerCase() === name.toLowerCase()),
  tweet: (id) => (id === quoted.id ? quoted : undefined),
  media: (key) => (key === media.media_key ? media : undefined),
  place: (id) => (id === place.id ? place : undefined),
  poll: () => undefined,
};
const tweet: JsonObject = {
  id: '10',
  text: 'hi @mentioned',
  author_id: '1',
  lang: 'en',
  entities: { mentions: [{ start: 3, end: 13, username: 'mentioned' }] },
  referenced_tweets: [{ type: 'quoted', id: '30' }],
  attachments: { media_keys: ['3_1'] },
  geo: { place_id: 'p1' },
};

test('shapeTweet keeps id, text and edit_history_tweet_ids by default and adds the requested fields', () => {
  assert.deepEqual(shapeTweet(tweet, select('')), { id: '10', text: 'hi @mentioned', edit_history_tweet_ids: ['10'] });
  assert.deepEqual(shapeTweet(tweet, select('tweet.fields=lang,author_id')), {
    id: '10',
    text: 'hi @mentioned',
    author_id: '1',
    lang: 'en',
    edit_history_tweet_ids: ['10'],
  });
});

test('shapeTweet keeps a recorded edit_history_tweet_ids as it is', () => {
  const edited = { id: '12', text: 'v2', edit_history_tweet_ids: ['11', '12'] };
  assert.deepEqual(shapeTweet(edited, select('')), edited);
});

test('buildIncludes expands the author with only the default and requested user fields', () => {
  assert.deepEqual(buildIncludes([{ tweet, source }], select('expansions=author_id&user.fields=description')), {
    users: [{ id: '1', username: 'author', name: 'Author', description: 'bio' }],
  });
});

test('buildIncludes resolves mentions, referenced tweets and their authors, media and places once each', () => {
  const includes = buildIncludes(
    [
      { tweet, source },
      { tweet, source },
    ],
    select(
      'expansions=author_id,entities.mentions.username,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys,geo.place_id&media.fields=url&place.fields=country',
    ),
  );
  assert.deepEqual(includes, {
    users: [
      { id: '1', username: 'author', name: 'Author' },
      { id: '2', username: 'Mentioned', name: 'Mentioned' },
    ],
    tweets: [{ id: '30', text: 'quoted tweet', edit_history_tweet_ids: ['30'] }],
    media: [{ media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/x.jpg' }],
    places: [{ id: 'p1', full_name: 'Paris, France', country: 'France' }],
  });
});

test('buildIncludes returns nothing when no expansion is asked for or none resolves', () => {
  assert.equal(buildIncludes([{ tweet, source }], select('')), undefined);
  assert.equal(buildIncludes([{ tweet: { id: '9', text: 'x' }, source }], select('expansions=author_id')), undefined);
});

test('parseFieldSelection reports every unknown field or expansion value as X does', () => {
  const errors = parseFieldSelection(new URLSearchParams('tweet.fields=text,txt&expansions=author'));
  assert.ok(Array.isArray(errors));
  assert.deepEqual(
    errors.map((e) => e.parameters),
    [{ 'tweet.fields': ['text,txt'] }, { expansions: ['author'] }],
  );
  assert.match(
    errors[0]!.message,
    /^The `tweet.fields` query parameter value \[txt\] is not one of \[article,attachments,author_id,/,
  );
});

test('a long post keeps note_tweet only when asked, and its mentions past the cut expand with entities.note', () => {
  const long: JsonObject = {
    id: '40',
    text: 'the first 280 characters',
    note_tweet: {
      text: 'the first 280 characters and @mentioned',
      entities: { mentions: [{ username: 'mentioned' }] },
    },
  };
  assert.equal('note_tweet' in shapeTweet(long, select('')), false);
  assert.deepEqual(shapeTweet(long, select('tweet.fields=note_tweet'))['note_tweet'], long['note_tweet']);
  assert.equal(buildIncludes([{ tweet: long, source }], select('expansions=entities.mentions.username')), undefined);
  assert.deepEqual(buildIncludes([{ tweet: long, source }], select('expansions=entities.note.mentions.username')), {
    users: [{ id: '2', username: 'Mentioned', name: 'Mentioned' }],
  });
});
