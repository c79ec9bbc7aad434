import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseWriteConcern } from '../src/write-concern.js';

test('parseWriteConcern accepts majority, a member count and a tag name', () => {
  assert.deepEqual(parseWriteConcern('majority', 5_000), { ok: true, settings: { w: 'majority', wtimeoutMS: 5_000 } });
  assert.deepEqual(parseWriteConcern(' 2 ', 1_000), { ok: true, settings: { w: 2, wtimeoutMS: 1_000 } });
  assert.deepEqual(parseWriteConcern('dc-east', 1_000), { ok: true, settings: { w: 'dc-east', wtimeoutMS: 1_000 } });
});

test('parseWriteConcern refuses w=0 and an empty value', () => {
  const zero = parseWriteConcern('0', 1_000);
  assert.equal(zero.ok, false);
  assert.match(!zero.ok ? zero.reason : '', /does not acknowledge/);
  assert.equal(parseWriteConcern('  ', 1_000).ok, false);
});
