import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureLines } from '@tweet-pipeline/testkit';
import { validateRaw } from '../src/index.js';

const headers = { source: 'replay', receivedAt: '1700000000000' };
const stream = fixtureLines('filtered-stream-2021-04-01.jsonl');

test('validateRaw accepts a recorded stream tweet with extra twarc keys', () => {
  const line = stream[0]!;
  const id = /"id": "(\d+)", "created_at"/.exec(line)?.[1] ?? null;
  const result = validateRaw({ key: id, value: Buffer.from(line), ...headers });
  assert.equal(result.ok, true);
});

test('validateRaw reports INVALID_JSON for the recorded truncated line', () => {
  const truncated = fixtureLines('filtered-stream-with-truncated-line.jsonl').at(-1)!;
  const result = validateRaw({ key: null, value: Buffer.from(truncated), ...headers });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.code, 'INVALID_JSON');
});

test('validateRaw reports SCHEMA_VIOLATION for the disconnect payload, numeric ids and bad headers', () => {
  const disconnect = stream.find((l) => l.includes('operational-disconnect'))!;
  const cases = [
    { key: null, value: Buffer.from(disconnect), ...headers },
    { key: null, value: Buffer.from('{"data":{"id":1377650090978992134,"text":"x"}}'), ...headers },
    { key: null, value: Buffer.from('{"data":{"id":"1","text":"x"}}'), source: 'somewhere', receivedAt: '1' },
    { key: null, value: Buffer.from('{"data":{"id":"1","text":"x"}}'), source: 'replay', receivedAt: undefined },
    { key: null, value: null, ...headers },
  ];
  for (const input of cases) {
    const result = validateRaw(input);
    assert.equal(!result.ok && result.code, 'SCHEMA_VIOLATION', input.value?.toString());
  }
});

test('validateRaw reports KEY_MISMATCH when the record key is not the tweet id', () => {
  const result = validateRaw({ key: '2', value: Buffer.from('{"data":{"id":"1","text":"x"}}'), ...headers });
  assert.equal(!result.ok && result.code, 'KEY_MISMATCH');
});
