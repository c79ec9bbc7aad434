import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { addRules, AUTH, http, quietEmulator, RawStream, tweet, waitFor } from './helpers.js';

let emulator: RunningEmulator;
let stream: RawStream | undefined;
beforeAll(async () => {
  emulator = await quietEmulator();
});
afterEach(async () => {
  stream?.close();
  await waitFor('the stream slot to free', () => !emulator.connected);
  emulator.reset();
});
afterAll(() => emulator.close());

async function connect(query = ''): Promise<RawStream> {
  stream = await RawStream.open(emulator.url, query);
  assert.equal(stream.status, 200);
  await waitFor('the connection', () => emulator.connected);
  return stream;
}

test('firehose streams only tweets matching a rule, each with the rules it matched', async () => {
  const [cats, dogs] = await addRules(emulator.url, [{ value: 'cats', tag: 'felines' }, { value: 'dogs' }]);
  const s = await connect();
  const both = tweet('cats and dogs');
  const onlyDogs = tweet('my dogs');
  emulator.inject([both, tweet('nothing to see'), onlyDogs]);
  await waitFor('two tweets', () => s.messages().length === 2);
  const [first, second] = s.messages();
  assert.equal((first!['data'] as { id: string }).id, both.data.id);
  assert.deepEqual(first!['matching_rules'], [
    { id: cats!.id, tag: 'felines' },
    { id: dogs!.id, tag: null },
  ]);
  assert.equal((second!['data'] as { id: string }).id, onlyDogs.data.id);
  assert.deepEqual(second!['matching_rules'], [{ id: dogs!.id, tag: null }]);
});

test('firehose records exactly the lines written: sent() equals the stream bytes, in order', async () => {
  await addRules(emulator.url, [{ value: 'music' }]);
  const s = await connect('?tweet.fields=author_id,created_at,lang,entities&expansions=author_id');
  emulator.inject([tweet('new music 🎵 by @someone'), tweet('not this'), tweet('MUSIC'), tweet('music again')]);
  await waitFor('three tweets', () => s.messages().length === 3);
  const streamed = s.lines().filter((line) => line !== '');
  assert.deepEqual(emulator.sent(), streamed);
  const control = await http(emulator.url, '/_emulator/sent');
  assert.deepEqual(control.json, streamed);
});

test('firehose applies a rule change to the open stream without a reconnect', async () => {
  const [cats] = await addRules(emulator.url, [{ value: 'cats' }]);
  const s = await connect();
  emulator.inject([tweet('dogs first')]);
  await addRules(emulator.url, [{ value: 'dogs', tag: 'new' }]);
  emulator.inject([tweet('dogs second')]);
  await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH, body: { delete: { ids: [cats!.id] } } });
  emulator.inject([tweet('cats gone')]);
  emulator.inject([tweet('dogs third')]);
  await waitFor('two tweets', () => s.messages().length === 2);
  assert.deepEqual(
    s.messages().map((m) => (m['data'] as { text: string }).text),
    ['dogs second', 'dogs third'],
  );
  assert.equal(emulator.connections, 1);
});

test('firehose returns only id, text and edit_history_tweet_ids unless more fields are asked for', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const s = await connect();
  const sent = tweet('cats', { entities: { hashtags: [] }, public_metrics: { like_count: 1 } });
  emulator.inject([sent]);
  await waitFor('one tweet', () => s.messages().length === 1);
  const [message] = s.messages();
  assert.deepEqual(message!['data'], { id: sent.data.id, text: 'cats', edit_history_tweet_ids: [sent.data.id] });
  assert.equal(message!['includes'], undefined, 'no expansion asked, no includes');
});

test('firehose honours tweet.fields, expansions=author_id and user.fields', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const s = await connect(
    '?tweet.fields=created_at,author_id&expansions=author_id&user.fields=created_at&unknown_param=1',
  );
  const sent = tweet('cats', { public_metrics: { like_count: 1 } });
  emulator.inject([sent]);
  await waitFor('one tweet', () => s.messages().length === 1);
  const [message] = s.messages();
  assert.deepEqual(message!['data'], {
    id: sent.data.id,
    text: 'cats',
    author_id: '2244994945',
    created_at: (sent.data as Record<string, unknown>)['created_at'],
    edit_history_tweet_ids: [sent.data.id],
  });
  assert.deepEqual(message!['includes'], {
    users: [{ id: '2244994945', username: 'XDevelopers', name: 'Developers', created_at: '2013-12-14T04:35:55.000Z' }],
  });
});

test('firehose matches on every field of the tweet, whatever fields the client receives', async () => {
  await addRules(emulator.url, [{ value: 'from:XDevelopers' }]);
  const s = await connect();
  emulator.inject([tweet('hello')]);
  await waitFor('one tweet', () => s.messages().length === 1);
});

test('firehose delivers nothing while no stream is open, but keeps tweets for search', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  emulator.inject([tweet('cats before anyone listens')]);
  const s = await connect();
  emulator.inject([tweet('cats now')]);
  await waitFor('one tweet', () => s.messages().length === 1);
  assert.equal(emulator.sent().length, 1);
  const search = await http(emulator.url, '/2/tweets/search/recent?query=cats', { headers: AUTH });
  assert.equal((search.json as { meta: { result_count: number } }).meta.result_count, 2);
});

test('firehose redelivers a repeated tweet, as X may', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const s = await connect();
  const once = tweet('cats twice');
  emulator.inject([once, once]);
  await waitFor('two lines', () => s.messages().length === 2);
  assert.equal(emulator.sent()[0], emulator.sent()[1]);
});
