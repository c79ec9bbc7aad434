import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenIds } from '../../src/dedupe/seen-ids.js';

test('SeenIds (deprecated) still answers has/add/size over the compact table', () => {
  const seen = new SeenIds();
  assert.equal(seen.has('1790000000000000001'), false);
  seen.add('1790000000000000001');
  seen.add('1790000000000000001');
  seen.add('18446744073709551615');
  assert.equal(seen.has('1790000000000000001'), true);
  assert.equal(seen.has('1790000000000000002'), false);
  assert.equal(seen.size, 2);
});
