import assert from 'node:assert/strict';
import { test } from 'vitest';
import { illFormedStringPath, isXPostId } from '../src/index.js';

test('illFormedStringPath finds a lone surrogate in values and keys, and passes surrogate pairs', () => {
  assert.equal(illFormedStringPath({ a: ['ok', { b: 'x\ud800' }] }), '$.a[1].b');
  assert.equal(illFormedStringPath({ ['k\udc00']: 1 }), '$ (a key)');
  assert.equal(illFormedStringPath({ text: '🎵 café', n: 1, z: null }), undefined);
});

test("isXPostId accepts only X's documented form: 1-19 decimal digits, a positive signed 64-bit integer", () => {
  assert.ok(isXPostId('1'));
  assert.ok(isXPostId('9223372036854775807'));
  for (const id of ['0', '01', '9223372036854775808', '18446744073709551615', '1e3', ' 1', ''])
    assert.equal(isXPostId(id), false, id);
});
