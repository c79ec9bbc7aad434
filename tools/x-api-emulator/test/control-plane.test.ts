import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import { EmulatorInputError, type RunningEmulator } from '../src/index.js';
import { addRules, AUTH, http, quietEmulator, RawStream, tweet, waitFor } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await quietEmulator();
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

test('control plane POST /_emulator/tweets posts X messages and GET /_emulator/sent lists what streamed', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const stream = await RawStream.open(emulator.url);
  try {
    await waitFor('the connection', () => emulator.connected);
    const answer = await http(emulator.url, '/_emulator/tweets', { body: [tweet('cats'), tweet('dogs')] });
    assert.deepEqual(answer.json, { accepted: 2 });
    await waitFor('one line', () => stream.messages().length === 1);
    const sent = await http(emulator.url, '/_emulator/sent');
    assert.deepEqual(
      sent.json,
      stream.lines().filter((line) => line !== ''),
    );
  } finally {
    stream.close();
    await waitFor('the slot to free', () => !emulator.connected);
  }
});

test('control plane refuses a message that is not an X v2 stream message, naming it', async () => {
  for (const body of [{ data: {} }, [{ data: { id: 12, text: 'numeric id' } }], [tweet('ok'), { includes: {} }]]) {
    const answer = await http(emulator.url, '/_emulator/tweets', { body });
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal((answer.json as { code: string }).code, 'INVALID_TWEET_MESSAGE');
  }
  assert.throws(
    () => emulator.inject([{ data: { id: 'x', text: 'y' } }]),
    (err: unknown) => err instanceof EmulatorInputError && err.code === 'INVALID_TWEET_MESSAGE',
  );
});

test('control plane POST /_emulator/faults arms faults (one or many) and rejects unknown ones', async () => {
  const armed = await http(emulator.url, '/_emulator/faults', {
    body: [{ type: 'http-5xx', count: 2 }, { type: 'malformed-line' }],
  });
  assert.deepEqual(armed.json, {
    pending: [
      { type: 'http-5xx', count: 2 },
      { type: 'malformed-line', count: 1 },
    ],
  });
  const bad = await http(emulator.url, '/_emulator/faults', { body: { type: 'meteor-strike' } });
  assert.equal(bad.status, 400);
  assert.equal((bad.json as { code: string }).code, 'INVALID_FAULT');
  assert.throws(() => emulator.faults.add({ type: 'stall', count: 0 }), EmulatorInputError);
});

test('control plane POST /_emulator/reset forgets rules, tweets, faults and spent rate limits', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  emulator.inject([tweet('cats')]);
  emulator.faults.add({ type: 'forbidden' });
  assert.equal((await http(emulator.url, '/_emulator/reset', { method: 'POST' })).status, 204);
  assert.deepEqual(emulator.rules(), []);
  assert.deepEqual(emulator.faults.pending(), []);
  const search = await http(emulator.url, '/2/tweets/search/recent?query=cats', { headers: AUTH });
  assert.deepEqual(search.json, { meta: { result_count: 0 } });
  assert.equal(search.headers['x-rate-limit-remaining'], '449');
});

test('control plane GET /_emulator/state summarises the emulator', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const state = (await http(emulator.url, '/_emulator/state')).json as Record<string, unknown>;
  assert.equal(state['connected'], false);
  assert.equal((state['rules'] as unknown[]).length, 1);
  assert.equal(state['sent'], 0);
});
