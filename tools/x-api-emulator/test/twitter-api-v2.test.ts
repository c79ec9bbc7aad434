import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { afterAll, beforeAll, test } from 'vitest';
import {
  ApiResponseError,
  ETwitterStreamEvent,
  TwitterApi,
  type TweetStream,
  type TweetV2SingleStreamResult,
} from 'twitter-api-v2';
import type { RunningEmulator } from '../src/index.js';
import { quietEmulator, tweet, TOKEN, waitFor } from './helpers.js';
import { decodeStreamAsUtf8, emulatorPlugin } from './twitter-api-v2-helpers.js';

const clientFor = (emulator: RunningEmulator, token = TOKEN) =>
  new TwitterApi(token, { plugins: [emulatorPlugin(emulator.url)], httpAgent: new Agent({ keepAlive: true }) });

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await quietEmulator({ keepAliveMs: 100 });
});
afterAll(() => emulator.close());

test('twitter-api-v2 manages stream rules against the emulator', async () => {
  const client = clientFor(emulator).v2;
  const added = await client.updateStreamRules({ add: [{ value: 'cats', tag: 'felines' }, { value: '#music' }] });
  assert.equal(added.meta.summary.created, 2);
  assert.match(added.data[0]!.id, /^[0-9]{19}$/);
  const again = await client.updateStreamRules({ add: [{ value: 'cats' }] });
  assert.equal(again.errors?.[0]?.title, 'DuplicateRule');
  const listed = await client.streamRules();
  assert.deepEqual(
    listed.data.map((r) => r.value),
    ['cats', '#music'],
  );
  const dry = await client.updateStreamRules({ delete: { ids: [added.data[1]!.id] } }, { dry_run: true });
  assert.equal(dry.meta.summary.deleted, 1);
  assert.equal((await client.streamRules()).data.length, 2);
});

test('twitter-api-v2 streams matching tweets byte for byte, survives a disconnect and reconnects', async () => {
  const client = clientFor(emulator).v2;
  const received: TweetV2SingleStreamResult[] = [];
  const errors: unknown[] = [];
  let keepAlives = 0;
  const stream: TweetStream<TweetV2SingleStreamResult> = client.searchStream({
    'tweet.fields': ['author_id', 'created_at', 'lang'],
    expansions: ['author_id'],
    autoConnect: false,
  });
  decodeStreamAsUtf8(stream);
  await stream.connect();
  try {
    stream.on(ETwitterStreamEvent.Data, (message) => received.push(message));
    stream.on(ETwitterStreamEvent.DataError, (error) => errors.push(error));
    stream.on(ETwitterStreamEvent.DataKeepAlive, () => keepAlives++);
    stream.autoReconnect = true;
    stream.nextRetryTimeout = () => 10;
    await waitFor('the stream to connect', () => emulator.connected);
    emulator.inject([tweet('cats 🐈 on the mat'), tweet('dogs'), tweet('new #music')]);
    await waitFor('two tweets', () => received.length === 2);
    assert.deepEqual(
      received.map((m) => JSON.stringify(m)),
      emulator.sent(),
    );
    assert.equal(received[0]!.includes?.users?.[0]?.username, 'XDevelopers');
    assert.deepEqual(
      received[0]!.matching_rules.map((r) => r.tag),
      ['felines'],
    );
    await waitFor('keep-alives', () => keepAlives >= 2);

    emulator.faults.add({ type: 'operational-disconnect' });
    await waitFor(
      'the in-stream error and a reconnect',
      () => errors.length === 1 && emulator.connections === 2 && emulator.connected,
    );
    assert.equal(
      (errors[0] as { errors: { disconnect_type: string }[] }).errors[0]?.disconnect_type,
      'UpstreamOperationalDisconnect',
    );
    emulator.inject([tweet('cats after the reconnect')]);
    await waitFor('the third tweet', () => received.length === 3);
    assert.deepEqual(
      received.map((m) => JSON.stringify(m)),
      emulator.sent(),
    );
  } finally {
    stream.close();
  }
  await waitFor('the slot to free', () => !emulator.connected);
});

test('twitter-api-v2 pages through recent search with its paginator', async () => {
  const client = clientFor(emulator).v2;
  const posted = Array.from({ length: 23 }, (_, i) => tweet(`search cats ${i}`));
  emulator.inject(posted);
  const paginator = await client.search('search cats', { max_results: 10, 'tweet.fields': ['created_at'] });
  await paginator.fetchLast(100);
  assert.deepEqual(
    paginator.tweets.map((t) => t.id),
    posted.map((t) => t.data.id).reverse(),
  );
  assert.ok(paginator.tweets.every((t) => typeof t.created_at === 'string'));
  assert.equal(paginator.rateLimit.limit, 450);
});

test('twitter-api-v2 sees X errors as ApiResponseError with the body and rate limit', async () => {
  await assert.rejects(clientFor(emulator, 'wrong-token').v2.streamRules(), (err: unknown) => {
    assert.ok(err instanceof ApiResponseError);
    assert.equal(err.code, 401);
    assert.deepEqual(err.data, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    return true;
  });
  await assert.rejects(clientFor(emulator).v2.search('cats', { max_results: 5 }), (err: unknown) => {
    assert.ok(err instanceof ApiResponseError);
    assert.equal(err.code, 400);
    assert.equal(err.rateLimit?.limit, 450);
    return true;
  });
});

test('twitter-api-v2 keeps multi-byte characters intact in a burst only with decodeStreamAsUtf8', async () => {
  const client = clientFor(emulator).v2;
  emulator.reset();
  await client.updateStreamRules({ add: [{ value: 'burst' }] });
  const stream: TweetStream<TweetV2SingleStreamResult> = client.searchStream({ autoConnect: false });
  decodeStreamAsUtf8(stream);
  const received: string[] = [];
  stream.on(ETwitterStreamEvent.Data, (message) => received.push(JSON.stringify(message)));
  await stream.connect();
  try {
    await waitFor('the stream to connect', () => emulator.connected);
    // Large enough that the client reads it in many TCP chunks, cutting characters in two.
    emulator.inject(Array.from({ length: 3_000 }, () => tweet(`burst 🐈🎵❤️🇫🇷 ${'é'.repeat(300)}`)));
    await waitFor('every tweet', () => received.length === 3_000, 10_000);
    assert.deepEqual(received, emulator.sent());
  } finally {
    stream.close();
  }
  await waitFor('the slot to free', () => !emulator.connected);
});
