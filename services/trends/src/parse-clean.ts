import { cleanTweetSchema, type CleanTweet, type DlqErrorCode } from '@tweet-pipeline/contracts';

export type ParsedClean =
  | { readonly ok: true; readonly tweet: CleanTweet }
  | { readonly ok: false; readonly code: DlqErrorCode; readonly reason: string };

/** Validates a `tweets.clean` value at the consume boundary. Pure. */
export function parseClean(value: Buffer | null): ParsedClean {
  if (value === null) return { ok: false, code: 'SCHEMA_VIOLATION', reason: 'record has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'INVALID_JSON', reason: (err as Error).message };
  }
  const parsed = cleanTweetSchema.safeParse(json);
  if (parsed.success) return { ok: true, tweet: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, code: 'SCHEMA_VIOLATION', reason: `${first?.path.join('.') || '(root)'}: ${first?.message}` };
}
