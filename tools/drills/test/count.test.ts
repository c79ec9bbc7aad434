import assert from 'node:assert/strict';
import { test } from 'vitest';
import { countIds, locateLost, repeatedIds } from '../src/count.js';

test('every expected id stored once: nothing lost, nothing duplicated', () => {
  const count = countIds(new Set(['1', '2', '3']), ['3', '1', '2']);
  assert.deepEqual(
    { expected: count.expected, stored: count.stored, lost: count.lost, duplicated: count.duplicated },
    { expected: 3, stored: 3, lost: 0, duplicated: 0 },
  );
  assert.deepEqual(count.lostSample, []);
  assert.deepEqual(count.duplicatedSample, []);
});

test('an expected id without a document is lost, and listed', () => {
  const count = countIds(new Set(['10', '9', '200']), ['9']);
  assert.equal(count.lost, 2);
  assert.equal(count.duplicated, 0);
  // Numeric order for decimal ids: shorter first.
  assert.deepEqual(count.lostIds, ['10', '200']);
});

test('an id nobody expected, and an id read twice, both count as duplicated', () => {
  const count = countIds(new Set(['1', '2']), ['1', '2', '7', '2']);
  assert.equal(count.stored, 4);
  assert.equal(count.lost, 0);
  assert.equal(count.duplicated, 2);
  assert.deepEqual(count.duplicatedSample, ['2', '7']);
});

test('samples are capped, the counts are not', () => {
  const expected = new Set(Array.from({ length: 50 }, (_, i) => String(i)));
  const count = countIds(expected, [], 5);
  assert.equal(count.lost, 50);
  assert.equal(count.lostSample.length, 5);
  assert.equal(count.lostIds.length, 50);
});

test('64-bit ids are compared as strings, never as numbers', () => {
  // These two differ only beyond 2^53: as JS numbers they would be equal.
  const a = '1795719346765000001';
  const b = '1795719346765000002';
  const count = countIds(new Set([a]), [b]);
  assert.equal(count.lost, 1);
  assert.equal(count.duplicated, 1);
});

test('repeatedIds keeps only ids seen more than once, with their counts', () => {
  assert.deepEqual(
    [...repeatedIds(['a', 'b', 'a', 'c', 'a', 'b'])],
    [
      ['a', 3],
      ['b', 2],
    ],
  );
  assert.equal(repeatedIds(['x', 'y']).size, 0);
});

test('locateLost names the stage after the last place a lost id was seen', () => {
  const where = locateLost(['p', 'f', 'd', 's'], {
    raw: new Set(['f', 'd', 's']),
    clean: new Set(['s']),
    dlq: new Set(['d']),
  });
  assert.deepEqual(where, { notOnRaw: 1, onRawOnly: 1, onDlq: 1, onClean: 1 });
});
