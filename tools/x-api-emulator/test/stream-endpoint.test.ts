import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { addRules, http, quietEmulator, RawStream, waitFor } from './helpers.js';

let emulator: RunningEmulator;
const open: RawStream[] = [];
const connect = async (query = '') => {
  const stream = await RawStream.open(emulator.url, query);
  open.push(stream);
  return stream;
};
beforeAll(async () => {
  emulator = await quietEmulator();
});
afterEach(async () => {
  for (const stream of open.splice(0)) stream.close();
  await waitFor('the stream slot to free', () => !emulator.connected);
  emulator.reset();
});
afterAll(() => emulator.close());

const TOO_MANY_CONNECTIONS = {
  title: 'ConnectionException',
  detail: 'This stream is currently at the maximum allowed connection limit.',
  connection_issue: 'TooManyConnections',
  type: 'https://api.twitter.com/2/problems/streaming-connection',
};

async function bodyOf(stream: RawStream): Promise<unknown> {
  await waitFor('the refusal body', () => stream.ended);
  return JSON.parse(stream.raw);
}

test('stream refuses to connect with 409 RuleConfigurationIssue while there is no rule', async () => {
  const stream = await connect();
  assert.equal(stream.status, 409);
  const body = (await bodyOf(stream)) as Record<string, unknown>;
  assert.equal(body['connection_issue'], 'RuleConfigurationIssue');
  assert.equal(body['title'], 'ConnectionException');
});

test('stream answers 200 chunked application/json with rate-limit headers', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const stream = await connect();
  assert.equal(stream.status, 200);
  assert.match(String(stream.response.headers['content-type']), /^application\/json/);
  assert.equal(stream.response.headers['transfer-encoding'], 'chunked');
  assert.equal(stream.response.headers['x-rate-limit-limit'], '50');
  assert.equal(stream.response.headers['x-rate-limit-remaining'], '49');
  await waitFor('the emulator to see the connection', () => emulator.connected);
});

test('stream allows one connection: a second one gets X 429 TooManyConnections with rate-limit headers', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  await connect();
  const second = await connect();
  assert.equal(second.status, 429);
  assert.ok(second.response.headers['x-rate-limit-reset'] !== undefined);
  assert.deepEqual(await bodyOf(second), TOO_MANY_CONNECTIONS);
  assert.equal(emulator.connections, 1);
});

test('stream slot frees when the client disconnects, so it can reconnect', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  (await connect()).close();
  await waitFor('the slot to free', () => !emulator.connected);
  assert.equal((await connect()).status, 200);
});

test('stream too-many-connections fault refuses the next count attempts with 429', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  emulator.faults.add({ type: 'too-many-connections', count: 2 });
  for (let i = 0; i < 2; i++) {
    const refused = await connect();
    assert.equal(refused.status, 429);
    assert.deepEqual(await bodyOf(refused), TOO_MANY_CONNECTIONS);
  }
  assert.equal((await connect()).status, 200);
});

test('stream http-5xx fault answers the next count attempts with X 503', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  emulator.faults.add({ type: 'http-5xx' });
  const refused = await connect();
  assert.equal(refused.status, 503);
  assert.deepEqual(await bodyOf(refused), {
    title: 'Service Unavailable',
    detail: 'Service Unavailable',
    type: 'about:blank',
    status: 503,
  });
  assert.equal((await connect()).status, 200);
});

test('stream rejects an unknown tweet.fields value with X 400 Invalid Request', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const answer = await http(emulator.url, '/2/tweets/search/stream?tweet.fields=author_id,autor_id', {
    headers: { authorization: 'Bearer test-token' },
  });
  assert.equal(answer.status, 400);
  const body = answer.json as { errors: { parameters: Record<string, string[]>; message: string }[] };
  assert.deepEqual(body.errors[0]?.parameters, { 'tweet.fields': ['author_id,autor_id'] });
  assert.match(body.errors[0]!.message, /The `tweet.fields` query parameter value \[autor_id\] is not one of \[/);
});

test('stream connection attempts beyond the 15-minute budget get 429 Too Many Requests', async () => {
  const limited = await quietEmulator({ streamConnectLimit: 1 });
  try {
    await addRules(limited.url, [{ value: 'cats' }]);
    const first = await RawStream.open(limited.url);
    first.close();
    await waitFor('the slot to free', () => !limited.connected);
    const second = await RawStream.open(limited.url);
    assert.equal(second.status, 429);
    assert.equal(second.response.headers['x-rate-limit-remaining'], '0');
    await waitFor('the body', () => second.ended);
    assert.equal((JSON.parse(second.raw) as { title: string }).title, 'Too Many Requests');
  } finally {
    await limited.close();
  }
});
