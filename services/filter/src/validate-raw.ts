import {
  isTweetSource,
  parseJsonLossless,
  rawStreamMessageSchema,
  type DlqErrorCode,
  type RawStreamMessage,
  type TweetSource,
} from '@tweet-pipeline/contracts';

export interface RawInput {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly source: string | undefined;
  readonly receivedAt: string | undefined;
}

export type Validated =
  | { readonly ok: true; readonly message: RawStreamMessage; readonly source: TweetSource; readonly receivedAt: number }
  | { readonly ok: false; readonly code: DlqErrorCode; readonly reason: string };

const invalid = (code: DlqErrorCode, reason: string): Validated => ({ ok: false, code, reason });

/**
 * Checks one `tweets.raw` record against the contract. Pure: the bytes are
 * parsed, never changed, and ids stay strings.
 */
export function validateRaw(input: RawInput): Validated {
  if (input.value === null) return invalid('SCHEMA_VIOLATION', 'record has no value');
  let json: unknown;
  try {
    json = parseJsonLossless(input.value.toString('utf8'));
  } catch (err) {
    return invalid('INVALID_JSON', (err as Error).message);
  }
  const parsed = rawStreamMessageSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || '(root)';
    return invalid('SCHEMA_VIOLATION', `${where}: ${first?.message ?? 'invalid'}`);
  }
  if (input.key !== null && input.key !== parsed.data.data.id) {
    return invalid('KEY_MISMATCH', `record key ${input.key} is not the tweet id ${parsed.data.data.id}`);
  }
  if (input.source === undefined || !isTweetSource(input.source)) {
    return invalid('SCHEMA_VIOLATION', `header source is missing or unknown: ${String(input.source)}`);
  }
  const receivedAt = Number(input.receivedAt);
  if (!Number.isSafeInteger(receivedAt) || receivedAt <= 0) {
    return invalid('SCHEMA_VIOLATION', 'header received-at is missing or not epoch milliseconds');
  }
  return { ok: true, message: parsed.data, source: input.source, receivedAt };
}
