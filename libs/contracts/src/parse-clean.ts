import { cleanTweetSchema, KNOWN_CLEAN_TWEET_VERSIONS, type CleanTweet } from './clean-tweet.js';
import type { DlqErrorCode } from './dlq.js';

export type ParsedClean =
  | { readonly ok: true; readonly tweet: CleanTweet }
  | { readonly ok: false; readonly code: DlqErrorCode; readonly reason: string };

/**
 * Validates a `tweets.clean` value at a consumer's boundary (sink, trends, any
 * new group). Pure. Accepts every version in KNOWN_CLEAN_TWEET_VERSIONS; a
 * record of another version is refused (SCHEMA_VIOLATION, "unknown
 * schema_version") so it waits in the DLQ for a consumer that knows it,
 * rather than being stored half-understood.
 */
export function parseClean(value: Buffer | null): ParsedClean {
  if (value === null) return { ok: false, code: 'SCHEMA_VIOLATION', reason: 'record has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'INVALID_JSON', reason: (err as Error).message };
  }
  const version = (json as { schema_version?: unknown } | null)?.schema_version;
  if (!(KNOWN_CLEAN_TWEET_VERSIONS as readonly unknown[]).includes(version)) {
    const known = KNOWN_CLEAN_TWEET_VERSIONS.join(', ');
    return {
      ok: false,
      code: 'SCHEMA_VIOLATION',
      reason: `schema_version: unknown schema_version ${String(JSON.stringify(version)).slice(0, 32)}; this consumer knows ${known}`,
    };
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
