import assert from 'node:assert/strict';
import { test } from 'vitest';
import { DedupeError } from '../../src/dedupe/errors.js';
import { decodeId, decodeIdInto, encodeId } from '../../src/dedupe/id-codec.js';
import { prng, randomU64, snowflakeId } from './random-ids.js';

const MASK_32 = 0xffff_ffffn;
const halvesOf = (value: bigint) => ({ hi: Number(value >> 32n), lo: Number(value & MASK_32) });

const boundaries: bigint[] = [
  0n,
  1n,
  2n ** 31n - 1n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 32n + 1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 2n,
  2n ** 64n - 1n,
  // Where the fast path switches from one chunk to two, and every length after.
  ...Array.from({ length: 20 }, (_, k) => [10n ** BigInt(k) - 1n, 10n ** BigInt(k), 10n ** BigInt(k) + 1n]).flat(),
].filter((value) => value >= 0n && value < 2n ** 64n);

test('decodeId matches BigInt at the boundaries of 32, 53 and 64 bits and of every decimal length', () => {
  for (const value of boundaries) assert.deepEqual(decodeId(value.toString()), halvesOf(value), value.toString());
});

test('decodeId matches BigInt for 200,000 random 64-bit values of every length', () => {
  const next = prng(1);
  for (let i = 0; i < 200_000; i++) {
    const value = randomU64(next);
    const got = decodeId(value.toString());
    if (got.hi !== Number(value >> 32n) || got.lo !== Number(value & MASK_32)) {
      assert.fail(`decodeId(${value}) = ${JSON.stringify(got)}, expected ${JSON.stringify(halvesOf(value))}`);
    }
  }
});

test('decodeId matches BigInt for snowflake ids and for the values right below 2^64', () => {
  const next = prng(2);
  for (let i = 0; i < 50_000; i++) {
    const snowflake = snowflakeId(next, 1_700_000_000_000 + next());
    assert.deepEqual(decodeId(snowflake.toString()), halvesOf(snowflake));
    const top = 2n ** 64n - 1n - BigInt(next());
    assert.deepEqual(decodeId(top.toString()), halvesOf(top));
  }
});

test('decodeIdInto writes the halves into the object it is given', () => {
  const out = { hi: 7, lo: 7 };
  decodeIdInto('4294967296', out);
  assert.deepEqual(out, { hi: 1, lo: 0 });
  decodeIdInto('0', out);
  assert.deepEqual(out, { hi: 0, lo: 0 });
});

test('encodeId inverts decodeId and accepts int32 bit patterns', () => {
  const next = prng(3);
  for (const value of [...boundaries, ...Array.from({ length: 1000 }, () => randomU64(next))]) {
    const { hi, lo } = decodeId(value.toString());
    assert.equal(encodeId(hi, lo), value.toString());
    assert.equal(encodeId(hi | 0, lo | 0), value.toString());
  }
});

const rejections: [input: unknown, code: string][] = [
  ['', 'ID_NOT_DECIMAL'],
  ['-1', 'ID_NOT_DECIMAL'],
  ['+1', 'ID_NOT_DECIMAL'],
  [' 1', 'ID_NOT_DECIMAL'],
  ['1 ', 'ID_NOT_DECIMAL'],
  ['1.0', 'ID_NOT_DECIMAL'],
  ['1e5', 'ID_NOT_DECIMAL'],
  ['0x10', 'ID_NOT_DECIMAL'],
  ['12a', 'ID_NOT_DECIMAL'],
  ['١٢', 'ID_NOT_DECIMAL'],
  ['1234567890123456789/', 'ID_NOT_DECIMAL'],
  ['123456789012345678:', 'ID_NOT_DECIMAL'],
  ['9'.repeat(25) + 'x', 'ID_NOT_DECIMAL'],
  [12345, 'ID_NOT_DECIMAL'],
  [null, 'ID_NOT_DECIMAL'],
  [undefined, 'ID_NOT_DECIMAL'],
  ['00', 'ID_LEADING_ZERO'],
  ['01', 'ID_LEADING_ZERO'],
  ['0' + (2n ** 63n).toString(), 'ID_LEADING_ZERO'],
  ['18446744073709551616', 'ID_OUT_OF_RANGE'],
  ['18446744073709551620', 'ID_OUT_OF_RANGE'],
  ['19999999999999999999', 'ID_OUT_OF_RANGE'],
  ['99999999999999999999', 'ID_OUT_OF_RANGE'],
  ['100000000000000000000', 'ID_OUT_OF_RANGE'],
  ['1'.repeat(300), 'ID_OUT_OF_RANGE'],
];

test('decodeId rejects empty, non-digit, leading-zero and above-2^64-1 ids with a DedupeError naming the rule', () => {
  for (const [input, code] of rejections) {
    assert.throws(
      () => decodeId(input as string),
      (err: unknown) => {
        assert.ok(err instanceof DedupeError && err instanceof RangeError, String(err));
        assert.equal(err.code, code, `${String(input)}: ${err.message}`);
        assert.equal(err.retriable, false);
        return true;
      },
    );
  }
});

test('decodeId quotes the bad id in its message, shortened when long', () => {
  assert.throws(() => decodeId('12a'), { message: 'tweet id must be a non-empty string of decimal digits, got "12a"' });
  assert.throws(() => decodeId('7'.repeat(100)), /got "7{39}…" \(100 characters\)$/);
  assert.throws(() => decodeId(null as unknown as string), /got a null$/);
});
