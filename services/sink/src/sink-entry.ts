import type { DlqErrorCode } from '@tweet-pipeline/contracts';
import { parseClean } from '@tweet-pipeline/contracts';
import { toDocument, type TweetDocument } from './to-document.js';

/** One consumed record, validated and mapped when it arrives (so the work overlaps the previous write). */
export type SinkEntry =
  | {
      readonly offset: string;
      readonly key: Buffer | null;
      readonly value: Buffer | null;
      readonly document: TweetDocument;
    }
  | {
      readonly offset: string;
      readonly key: Buffer | null;
      readonly value: Buffer | null;
      readonly invalid: { readonly code: DlqErrorCode; readonly reason: string };
    };

/** Validates a `tweets.clean` record and maps it to its document, or says why it goes to the DLQ. Pure. */
export function toSinkEntry(message: { offset: string; key: Buffer | null; value: Buffer | null }): SinkEntry {
  const { offset, key, value } = message;
  const parsed = parseClean(value);
  if (!parsed.ok) return { offset, key, value, invalid: { code: parsed.code, reason: parsed.reason } };
  return { offset, key, value, document: toDocument(parsed.tweet) };
}
