import assert from 'node:assert/strict';
import { test } from 'vitest';
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

test('validateRaw reports INVALID_JSON for bytes that are not UTF-8 instead of passing U+FFFD on', () => {
  const tweet = (bytes: number[]) =>
    Buffer.concat([Buffer.from('{"data":{"id":"1","text":"music '), Buffer.from(bytes), Buffer.from('"}}')]);
  for (const bytes of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
    const result = validateRaw({ key: '1', value: tweet(bytes), ...headers });
    assert.deepEqual(result, { ok: false, code: 'INVALID_JSON', reason: 'value is not valid UTF-8' }, String(bytes));
  }
  const bom = validateRaw({ key: '1', value: Buffer.from('\uFEFF{"data":{"id":"1","text":"x"}}'), ...headers });
  assert.equal(!bom.ok && bom.code, 'INVALID_JSON');
});

test('validateRaw takes received-at as plain epoch milliseconds a Date can hold, nothing else', () => {
  const value = Buffer.from('{"data":{"id":"1","text":"x"}}');
  // 8640000000000001 is a safe integer but no Date: toCleanTweet threw on it and the filter crashed on every restart.
  for (const receivedAt of ['8640000000000001', '9007199254740991', '0x18b', '1e12', ' 1700000000000', '-1', '0', '']) {
    const result = validateRaw({ key: '1', value, source: 'replay', receivedAt });
    assert.equal(!result.ok && result.code, 'SCHEMA_VIOLATION', receivedAt);
  }
  for (const receivedAt of ['1', '1700000000000', '8640000000000000']) {
    assert.equal(validateRaw({ key: '1', value, source: 'replay', receivedAt }).ok, true, receivedAt);
  }
});

test('validateRaw quotes and cuts an untrusted key or source header in its reason', () => {
  const value = Buffer.from('{"data":{"id":"1","text":"x"}}');
  const mismatch = validateRaw({ key: 'k'.repeat(100_000), value, ...headers });
  assert.ok(!mismatch.ok && mismatch.reason.length < 200);
  assert.equal(!mismatch.ok && mismatch.code, 'KEY_MISMATCH');
  const source = validateRaw({ key: '1', value, source: 's'.repeat(100_000), receivedAt: '1' });
  assert.ok(!source.ok && source.reason.length < 200);
});

test('validateRaw reports nesting too deep to parse as INVALID_JSON', () => {
  const deep = `{"data":{"id":"1","text":"x","n":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
  const result = validateRaw({ key: '1', value: Buffer.from(deep), ...headers });
  assert.equal(!result.ok && result.code, 'INVALID_JSON');
  assert.match(!result.ok ? result.reason : '', /nested too deeply/);
});

test('validateRaw reports INVALID_JSON for valid JSON escaping a lone surrogate, instead of storing it altered', () => {
  const value = Buffer.from('{"data":{"id":"1900000000000000001","text":"music \\udfff alone"}}');
  const result = validateRaw({ key: '1900000000000000001', value, ...headers });
  assert.deepEqual(result, {
    ok: false,
    code: 'INVALID_JSON',
    reason: 'text is not well-formed Unicode (lone surrogate escape) at $.data.text',
  });
  const pair = Buffer.from('{"data":{"id":"1900000000000000001","text":"music \\ud83c\\udfb5"}}');
  assert.equal(validateRaw({ key: '1900000000000000001', value: pair, ...headers }).ok, true);
});
