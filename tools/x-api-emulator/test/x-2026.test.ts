import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { addRules, AUTH, http, quietEmulator, RawStream, tweet, waitFor } from './helpers.js';

// The X API as it is since 2026-02 (pay-per-use): usage cap and credits, the
// Connections API, and the framing faults a tolerant client must survive.
let emulator: RunningEmulator;
const open: RawStream[] = [];
beforeAll(async () => {
  emulator = await quietEmulator();
});
afterEach(async () => {
  for (const stream of open.splice(0)) stream.close();
  await waitFor('the stream slot to free', () => !emulator.connected);
  emulator.reset();
});
afterAll(() => emulator.close());

const connect = async (): Promise<RawStream> => {
  const stream = await RawStream.open(emulator.url);
  open.push(stream);
  return stream;
};

test('usage-cap-exceeded answers every X endpoint 429 UsageCapExceeded, then clears', async () => {
  emulator.faults.add({ type: 'usage-cap-exceeded', count: 2 });
  const search = await http(emulator.url, '/2/tweets/search/recent?query=music', { headers: AUTH });
  assert.equal(search.status, 429);
  assert.match(String(search.headers['content-type']), /problem\+json/);
  const body = search.json as Record<string, unknown>;
  assert.equal(body['title'], 'UsageCapExceeded');
  assert.equal(body['type'], 'https://api.twitter.com/2/problems/usage-capped');
  const rules = await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH });
  assert.equal(rules.status, 429);
  assert.equal((await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH })).status, 200);
});

test('credits-depleted answers the stream 402', async () => {
  await addRules(emulator.url, [{ value: 'music' }]);
  emulator.faults.add({ type: 'credits-depleted' });
  const stream = await connect();
  assert.equal(stream.status, 402);
  await waitFor('the body', () => stream.ended);
  assert.equal((JSON.parse(stream.raw) as { title: string }).title, 'CreditsDepleted');
});

test('rules-http-5xx answers stream-rules requests 503', async () => {
  emulator.faults.add({ type: 'rules-http-5xx' });
  const answer = await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH, body: { add: [] } });
  assert.equal(answer.status, 503);
  assert.equal((await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH })).status, 200);
});

test('Connections API lists the open stream and DELETE /2/connections/all frees its slot', async () => {
  await addRules(emulator.url, [{ value: 'music' }]);
  const stale = await connect();
  assert.equal(stale.status, 200);
  const listed = await http(emulator.url, '/2/connections', { headers: AUTH });
  assert.deepEqual((listed.json as { meta: unknown }).meta, { result_count: 1 });
  assert.equal((await connect()).status, 429, 'a second connection is refused while the first is counted');
  const deleted = await http(emulator.url, '/2/connections/all', { method: 'DELETE', headers: AUTH });
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.json, { data: { killed_connections: true, closed_connections: 1 } });
  await waitFor('the stale stream to end', () => stale.ended);
  assert.equal(emulator.connected, false);
  assert.equal((await connect()).status, 200);
  const unauthorized = await http(emulator.url, '/2/connections/all', { method: 'DELETE' });
  assert.equal(unauthorized.status, 401);
});

test('bare-lf-framing frames the next connection with \\n only', async () => {
  await addRules(emulator.url, [{ value: 'music' }]);
  emulator.faults.add({ type: 'bare-lf-framing' });
  const stream = await connect();
  emulator.inject([tweet('music one'), tweet('music two')]);
  await waitFor('two lines', () => stream.raw.split('\n').length >= 3);
  assert.ok(!stream.raw.includes('\r'), 'no carriage return at all');
  const lines = stream.raw.split('\n').filter((l) => l !== '');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { data: { text: string } }).data.text),
    ['music one', 'music two'],
  );
});

test('huge-frame writes bytes of one message with no delimiter', async () => {
  await addRules(emulator.url, [{ value: 'music' }]);
  const stream = await connect();
  emulator.faults.add({ type: 'huge-frame', bytes: 300_000 });
  await waitFor('the huge frame', () => stream.raw.length >= 300_000);
  assert.equal(stream.raw.length, 300_000);
  assert.ok(stream.raw.startsWith('{"data":{"id":"1","text":"xxx'));
  assert.ok(!stream.raw.includes('\n'));
});

test('GET /2/usage/tweets reports the configured cycle figures plus the posts streamed, within 50 requests', async () => {
  const e = await quietEmulator({ usagePostReads: 2_400_000, usageCap: 3_000_000, usageCapResetDay: 5, usageLimit: 2 });
  try {
    await addRules(e.url, [{ value: 'music' }]);
    const stream = await RawStream.open(e.url);
    e.inject([tweet('music a'), tweet('music b'), tweet('cats')]);
    await waitFor('two posts', () => e.sent().length === 2);
    const answer = await http(e.url, '/2/usage/tweets', { headers: AUTH });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, {
      data: {
        project_id: '1000000000000000001',
        project_cap: '3000000',
        project_usage: '2400002',
        cap_reset_day: 5,
      },
    });
    assert.equal(answer.headers['x-rate-limit-limit'], '2');
    e.setUsage({ used: 10 });
    assert.equal((await http(e.url, '/2/usage/tweets', { headers: AUTH })).status, 200);
    assert.equal((await http(e.url, '/2/usage/tweets', { headers: AUTH })).status, 429);
    stream.close();
  } finally {
    await e.close();
  }
});
