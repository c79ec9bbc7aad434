import assert from 'node:assert/strict';
import { test } from 'vitest';
import { escapeStorageKey, escapeStorageKeys, unescapeStorageKey, unescapeStorageKeys } from '../src/storage-keys.js';

test('escapeStorageKey escapes only the names MongoDB refuses, and names holding %', () => {
  assert.equal(escapeStorageKey('public_metrics'), 'public_metrics');
  assert.equal(escapeStorageKey('x$'), 'x$', 'a $ that is not first is allowed');
  assert.equal(escapeStorageKey('$where'), '%24where');
  assert.equal(escapeStorageKey('a.b'), 'a%2Eb');
  assert.equal(escapeStorageKey('$a.b%c'), '%24a%2Eb%25c');
  assert.equal(escapeStorageKey('50%'), '50%25');
});

test('unescapeStorageKey gives back exactly the name X sent', () => {
  const names = ['plain', '$where', 'a.b', '%24where', 'a%2Eb', '%25', '%%', '$$..%2E%24', '', '__proto__', '%2'];
  for (const name of names) {
    const stored = escapeStorageKey(name);
    assert.doesNotMatch(stored, /^\$|\./, `${name} is storable`);
    assert.equal(unescapeStorageKey(stored), name, name);
  }
});

test('escapeStorageKeys escapes at every depth and round-trips, leaving values and dates alone', () => {
  const sent = JSON.parse(
    '{"id":"1","$set":{"a.b":["$v",{"$x":1}]},"withheld":{"country_codes":["DE"]},"__proto__":{"p.q":1}}',
  ) as Record<string, unknown>;
  const stored = escapeStorageKeys({ ...sent, at: new Date(0) });
  assert.doesNotMatch(JSON.stringify(stored), /"\$[^"]*":|"[^"]*\.[^"]*":/, 'no refused name left');
  assert.deepEqual((stored as Record<string, unknown>)['%24set'], { 'a%2Eb': ['$v', { '%24x': 1 }] });
  assert.ok((stored as { at: unknown }).at instanceof Date);
  assert.equal(Object.getPrototypeOf(stored), Object.prototype, 'a __proto__ name stays data');
  const back = unescapeStorageKeys(stored) as Record<string, unknown>;
  assert.ok(back['at'] instanceof Date);
  delete back['at'];
  assert.deepEqual(back, sent);
});
