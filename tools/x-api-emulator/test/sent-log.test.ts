import assert from 'node:assert/strict';
import { test } from 'vitest';
import { SentLog } from '../src/sent-log.js';

test('SentLog keeps the newest lines up to its capacity and counts every line', () => {
  const log = new SentLog(10);
  for (let i = 0; i < 25; i++) log.record(`line ${i}`);
  assert.deepEqual(
    log.snapshot(),
    Array.from({ length: 10 }, (_, i) => `line ${i + 15}`),
  );
  assert.equal(log.total, 25);
  log.clear();
  assert.deepEqual(log.snapshot(), []);
  assert.equal(log.total, 0);
});
