import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseJsonLossless } from '../src/index.js';

test('parseJsonLossless keeps every digit of integers beyond 2^53', () => {
  const parsed = parseJsonLossless(
    '{"id":1377650087799754753,"small":42,"float":1.5,"neg":-9007199254740993}',
  ) as Record<string, unknown>;
  assert.equal(parsed.id, 1377650087799754753n);
  assert.equal(parsed.small, 42);
  assert.equal(parsed.float, 1.5);
  assert.equal(parsed.neg, -9007199254740993n);
});

test('parseJsonLossless throws SyntaxError on malformed JSON like JSON.parse', () => {
  assert.throws(() => parseJsonLossless('{"data": {"id": "1'), SyntaxError);
});

test('parseJsonLossless reports nesting too deep to revive as SyntaxError, not RangeError', () => {
  const deep = `{"data":{"id":"1","text":"x","deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
  assert.throws(
    () => parseJsonLossless(deep),
    (err: unknown) => {
      assert.ok(err instanceof SyntaxError);
      assert.match(err.message, /nested too deeply/);
      return true;
    },
  );
});

test('parseJsonLossless gives the same result on its fast path (ids in strings, shallow) as JSON.parse', () => {
  const text =
    '{"data":{"id":"1377650090978992134","text":"tel 12345678901234567 \\" [[[","n":42},"matching_rules":[{"id":"1","tag":null}]}';
  assert.deepEqual(parseJsonLossless(text), JSON.parse(text));
  assert.equal(
    (parseJsonLossless('{"a":[1,{"b":12345678901234567890}]}') as { a: [number, { b: unknown }] }).a[1].b,
    12345678901234567890n,
  );
  assert.throws(() => parseJsonLossless('['.repeat(10_000) + ']'.repeat(10_000)), SyntaxError);
});
