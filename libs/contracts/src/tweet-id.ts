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
