import {
  illFormedReason,
  illFormedStringPath,
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

// JSON text is UTF-8 (RFC 8259). A lenient decode would turn bad bytes into U+FFFD and pass a
// tweet whose text was never sent; a BOM is kept, so a value starting with one is invalid JSON.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Milliseconds since the epoch, as the producer writes them: digits only, no sign, exponent or hex. */
const EPOCH_MS = /^[1-9][0-9]{0,15}$/;
/** The last instant a JS Date can hold; beyond it `toISOString()` throws. */
const MAX_DATE_MS = 8_640_000_000_000_000;
/** How much of an untrusted key or header goes into a reason (and so into logs and DLQ headers). */
const PREVIEW_CHARS = 64;
const preview = (value: string): string =>
  JSON.stringify(value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}…` : value);

/**
 * Checks one `tweets.raw` record against the contract. Pure: the bytes are
 * parsed, never changed, and ids stay strings. Never throws: every way a
 * record can be wrong is a DLQ code and a reason.
 */
export function validateRaw(input: RawInput): Validated {
  if (input.value === null) return invalid('SCHEMA_VIOLATION', 'record has no value');
  let text: string;
  try {
    text = utf8.decode(input.value);
  } catch {
    return invalid('INVALID_JSON', 'value is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = parseJsonLossless(text);
  } catch (err) {
    return invalid('INVALID_JSON', (err as Error).message);
  }
  // Valid JSON may escape a lone surrogate ("\ud800"); storing it would replace it with U+FFFD.
  const illFormed = illFormedStringPath(json);
  if (illFormed !== undefined) return invalid('INVALID_JSON', illFormedReason(illFormed));
  const parsed = rawStreamMessageSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || '(root)';
    return invalid('SCHEMA_VIOLATION', `${where}: ${first?.message ?? 'invalid'}`);
  }
  if (input.key !== null && input.key !== parsed.data.data.id) {
    return invalid('KEY_MISMATCH', `record key ${preview(input.key)} is not the tweet id ${parsed.data.data.id}`);
  }
  if (input.source === undefined || !isTweetSource(input.source)) {
    const source = input.source === undefined ? 'missing' : `unknown: ${preview(input.source)}`;
    return invalid('SCHEMA_VIOLATION', `header source is ${source}`);
  }
  // Number() would also take ' 1', '0x1f' and '1e3'; a time past MAX_DATE_MS made toCleanTweet throw, forever.
  const receivedAt = input.receivedAt !== undefined && EPOCH_MS.test(input.receivedAt) ? Number(input.receivedAt) : NaN;
  if (!(receivedAt <= MAX_DATE_MS)) {
    return invalid('SCHEMA_VIOLATION', 'header received-at is missing or not epoch milliseconds');
  }
  return { ok: true, message: parsed.data, source: input.source, receivedAt };
}
