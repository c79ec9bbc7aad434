import assert from 'node:assert/strict';
import { test } from 'vitest';
import { jsonByteLength } from '../../src/x/json-size.js';

test('jsonByteLength equals the UTF-8 length of JSON.stringify', () => {
  const values: unknown[] = [
    null,
    true,
    -1.5e-7,
    'plain',
    'é 🎵 "quoted" \\ \n \u0001 \ud800',
    [],
    {},
    [1, undefined, 'x', null],
    { a: 1, skipped: undefined, 'k.é': { nested: ['🇫🇷', { deep: false }] }, __proto__x: 2 },
  ];
  for (const value of values) {
    assert.equal(jsonByteLength(value), Buffer.byteLength(JSON.stringify(value)), JSON.stringify(value));
  }
});

test('jsonByteLength measures an object shared many times without serialising it', () => {
  const big = { text: 'x'.repeat(100_000) };
  const many = Array.from({ length: 10_000 }, () => big);
  const started = performance.now();
  const bytes = jsonByteLength({ many });
  assert.equal(bytes, 10_000 * Buffer.byteLength(JSON.stringify(big)) + 9_999 + '{"many":[]}'.length);
  assert.ok(performance.now() - started < 1_000, 'linear in the unique content');
});
