import { cleanTweetSchema, type CleanTweet } from './clean-tweet.js';
import type { DlqErrorCode } from './dlq.js';

export type ParsedClean =
  | { readonly ok: true; readonly tweet: CleanTweet }
  | { readonly ok: false; readonly code: DlqErrorCode; readonly reason: string };

/** Validates a `tweets.clean` value at a consumer's boundary (sink, trends, any new group). Pure. */
export function parseClean(value: Buffer | null): ParsedClean {
  if (value === null) return { ok: false, code: 'SCHEMA_VIOLATION', reason: 'record has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'INVALID_JSON', reason: (err as Error).message };
  }
  const parsed = cleanTweetSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      code: 'SCHEMA_VIOLATION',
      reason: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, tweet: parsed.data };
}
