import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { AUTH, http, quietEmulator } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await quietEmulator();
});
afterAll(() => emulator.close());

const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };
const X_PATHS = ['/2/tweets/search/stream', '/2/tweets/search/stream/rules', '/2/tweets/search/recent?query=cat'];

test('router answers every X endpoint with X 401 body when the bearer token is missing or wrong', async () => {
  for (const path of X_PATHS) {
    for (const headers of [
      {},
      { authorization: 'Bearer not-the-token' },
      { authorization: 'Basic dGVzdA==' },
    ] as Record<string, string>[]) {
      const answer = await http(emulator.url, path, { headers });
      assert.equal(answer.status, 401, `${path} ${JSON.stringify(headers)}`);
      assert.deepEqual(answer.json, UNAUTHORIZED);
      assert.equal(answer.headers['content-type'], 'application/problem+json');
    }
  }
});

test('router lets a correct bearer token through', async () => {
  const answer = await http(emulator.url, '/2/tweets/search/stream/rules', { headers: AUTH });
  assert.equal(answer.status, 200);
});

test('router answers an unknown path with 404 and a known path with a wrong method with 405', async () => {
  assert.equal((await http(emulator.url, '/2/tweets/nope', { headers: AUTH })).status, 404);
  assert.equal((await http(emulator.url, '/2/tweets/search/recent', { method: 'DELETE', headers: AUTH })).status, 405);
});

test('router applies the forbidden fault to the next count requests with X client-not-enrolled 403', async () => {
  emulator.faults.add({ type: 'forbidden', count: 2 });
  for (const path of X_PATHS.slice(1)) {
    const answer = await http(emulator.url, path, { headers: AUTH });
    assert.equal(answer.status, 403);
    const body = answer.json as Record<string, unknown>;
    assert.equal(body['title'], 'Client Forbidden');
    assert.equal(body['reason'], 'client-not-enrolled');
    assert.equal(body['required_enrollment'], 'Appropriate Level of API Access');
    assert.equal(body['type'], 'https://api.twitter.com/2/problems/client-forbidden');
    assert.match(String(body['detail']), /^When authenticating requests to the Twitter API v2 endpoints/);
  }
  assert.equal((await http(emulator.url, X_PATHS[1]!, { headers: AUTH })).status, 200, 'the fault is spent');
});

test('router applies the unauthorized fault even to a valid token, once by default', async () => {
  emulator.faults.add({ type: 'unauthorized' });
  const first = await http(emulator.url, X_PATHS[1]!, { headers: AUTH });
  assert.equal(first.status, 401);
  assert.deepEqual(first.json, UNAUTHORIZED);
  assert.equal((await http(emulator.url, X_PATHS[1]!, { headers: AUTH })).status, 200);
});

test('router serves the control plane without auth', async () => {
  const answer = await http(emulator.url, '/_emulator/state');
  assert.equal(answer.status, 200);
  assert.equal((answer.json as { connected: boolean }).connected, false);
});
