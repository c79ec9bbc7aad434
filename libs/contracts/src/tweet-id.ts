import { z } from 'zod';

const MAX_U64 = (1n << 64n) - 1n;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

/**
 * True when `value` is the decimal form of an unsigned 64-bit integer. X ids
 * exceed 2^53, so they are carried as strings and compared as BigInt, never
 * as JS numbers.
 */
export function isTweetId(value: string): boolean {
  return DECIMAL.test(value) && BigInt(value) <= MAX_U64;
}

/** A tweet (or user) id: decimal string of an unsigned 64-bit integer. */
export const tweetIdSchema = z.string().refine(isTweetId, {
  message: 'must be the decimal string of an unsigned 64-bit integer',
});
export type TweetId = z.infer<typeof tweetIdSchema>;

const X_POST_ID = /^[1-9][0-9]{0,18}$/;
const MAX_I64 = (1n << 63n) - 1n;

/**
 * True when `value` is a post id in the form X documents: 1–19 decimal
 * digits, a positive signed 64-bit integer. Stricter than `isTweetId` (which
 * accepts any unsigned 64-bit value, for ids already stored): what enters the
 * pipeline from X is held to X's own contract.
 */
export function isXPostId(value: string): boolean {
  return X_POST_ID.test(value) && BigInt(value) <= MAX_I64;
}
