import assert from 'node:assert/strict';
import { test } from 'vitest';
import { describeServer } from '../src/index.js';

test('describeServer recognises FerretDB 1.x by buildInfo.ferretdbVersion and lists its gaps', () => {
  const info = describeServer({ version: '7.0.42', ferretdbVersion: 'v1.24.2', ok: 1 });
  assert.equal(info.kind, 'ferretdb');
  assert.equal(info.version, 'v1.24.2');
  assert.ok(info.gaps.includes('ttl-index'));
  assert.ok(info.gaps.includes('duplicate-key-index'));
  assert.ok(info.gaps.includes('create-indexes-batch'));
});

test('describeServer takes a server without FerretDB fields for MongoDB with no gaps', () => {
  assert.deepEqual(describeServer({ version: '8.0.4', ok: 1 }), { kind: 'mongodb', version: '8.0.4', gaps: [] });
  assert.equal(describeServer({}).version, 'unknown');
});
