import assert from 'node:assert/strict';
import { test } from 'vitest';
import { SnowflakeIds, snowflakeTimeMs } from '../src/snowflake.js';

test('SnowflakeIds issues strictly increasing 19-digit ids that encode the time', () => {
  const now = Date.UTC(2026, 0, 1);
  const ids = new SnowflakeIds(1n, () => now);
  const issued = Array.from({ length: 5_000 }, () => ids.next());
  for (const id of issued) assert.match(id, /^[0-9]{19}$/);
  for (let i = 1; i < issued.length; i++) assert.ok(BigInt(issued[i - 1]!) < BigInt(issued[i]!));
  assert.equal(snowflakeTimeMs(issued[0]!), now);
  assert.ok(BigInt(issued[0]!) > 2n ** 53n);
});

test('snowflakeTimeMs reads the time of a real X id', () => {
  assert.equal(new Date(snowflakeTimeMs('1377650090978992134')).toISOString(), '2021-04-01T15:52:31.847Z');
});
