import assert from 'node:assert/strict';
import { test } from 'vitest';
import { MAX_RECORD_BYTES, recordBytes } from '../src/index.js';

test('recordBytes counts key, value and headers as UTF-8 bytes plus framing', () => {
  const bare = recordBytes({ key: null, value: null });
  assert.equal(recordBytes({ key: 'é', value: Buffer.alloc(10) }), bare + 2 + 10);
  assert.equal(
    recordBytes({ key: null, value: 'x', headers: { ab: 'cd', none: undefined } }),
    bare + 1 + 10 + 4 + 10 + 4,
  );
});

test('recordBytes of a record at the limit stays within MAX_RECORD_BYTES', () => {
  const framing = recordBytes({ key: null, value: null });
  assert.equal(recordBytes({ value: Buffer.alloc(MAX_RECORD_BYTES - framing) }), MAX_RECORD_BYTES);
});
