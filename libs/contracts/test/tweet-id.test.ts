import assert from 'node:assert/strict';
import { test } from 'vitest';
import { isTweetId } from '../src/index.js';

test('isTweetId accepts decimal ids beyond 2^53 and up to 2^64-1', () => {
  assert.equal(isTweetId('1377650090978992134'), true);
  assert.equal(isTweetId('18446744073709551615'), true);
  assert.equal(isTweetId('0'), true);
});

test('isTweetId rejects overflow, signs, leading zeros and non-digits', () => {
  for (const bad of ['18446744073709551616', '-1', '+1', '01', '1e5', '12.0', '', ' 1', '１２']) {
    assert.equal(isTweetId(bad), false, bad);
  }
});
