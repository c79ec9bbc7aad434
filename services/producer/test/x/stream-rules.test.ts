import assert from 'node:assert/strict';
import { test } from 'vitest';
import { diffRules } from '../../src/x/stream-rules.js';

test('diffRules adds the missing rules and deletes the stale ones, matching value and tag', () => {
  const current = [
    { id: '1', value: 'music OR #music', tag: 'music' },
    { id: '2', value: 'old rule', tag: null },
    { id: '3', value: 'cats', tag: 'pets' },
  ];
  const desired = [
    { value: 'music OR #music', tag: 'music' },
    { value: 'cats', tag: 'animals' },
    { value: 'new rule' },
  ];
  assert.deepEqual(diffRules(current, desired), {
    add: [{ value: 'cats', tag: 'animals' }, { value: 'new rule' }],
    deleteIds: ['2', '3'],
  });
  assert.deepEqual(diffRules(current.slice(0, 1), desired.slice(0, 1)), { add: [], deleteIds: [] });
});
