import assert from 'node:assert/strict';
import { test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { retryWhileRetriable } from '../src/backoff.js';

const log = createLogger({ service: 'test', level: 'silent' });
const policy = { minMs: 100, maxMs: 1_000 };

test('retryWhileRetriable retries a broker outage with growing delays until the work succeeds', async () => {
  const down = Object.assign(new Error('Local: Broker transport failure'), { code: -195 });
  const delays: number[] = [];
  let calls = 0;
  const result = await retryWhileRetriable(
    async () => {
      if (++calls < 4) throw down;
      return 'ok';
    },
    { what: 'test', log, backoff: policy, sleep: async (ms) => void delays.push(ms) },
  );
  assert.equal(result, 'ok');
  assert.equal(delays.length, 3);
  assert.ok(delays[0]! <= 100 && delays[1]! <= 200 && delays[2]! <= 400 && delays[2]! >= 200, String(delays));
});

test('retryWhileRetriable throws a non-retriable error at once', async () => {
  const bad = new TypeError('not a broker problem');
  await assert.rejects(
    retryWhileRetriable(
      async () => {
        throw bad;
      },
      { what: 'test', log, sleep: async () => assert.fail('no retry') },
    ),
    bad,
  );
});
