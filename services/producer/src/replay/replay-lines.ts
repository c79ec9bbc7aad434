import { parseJsonLossless, type TweetSource } from '@tweet-pipeline/contracts';
import type { RawRecord } from '../raw-publisher.js';
import { isSearchPage, searchPageRecords } from '../x/search-page.js';
import { classifyStreamLine } from '../x/stream-line.js';

export type ReplayLine =
  | { readonly kind: 'records'; readonly records: RawRecord[] }
  | { readonly kind: 'error-payload'; readonly title: string }
  | { readonly kind: 'empty' };

/**
 * Turns one line of a recorded JSONL file into raw records. Understands raw
 * stream lines and twarc2 output (extra top-level keys are kept), and search
 * pages (`data[]` + `includes`), which become one stream-shaped message per
 * tweet with its own author attached. A line that cannot be read becomes one
 * record for the DLQ; nothing is dropped silently.
 */
export function replayLine(line: string, receivedAt: number, source: TweetSource = 'replay'): ReplayLine {
  const trimmed = line.replace(/\r$/, '');
  if (trimmed.trim() === '') return { kind: 'empty' };
  let json: unknown;
  try {
    json = parseJsonLossless(trimmed);
  } catch (err) {
    return invalid(trimmed, `invalid JSON: ${(err as Error).message}`, receivedAt, source);
  }
  if (isSearchPage(json)) return { kind: 'records', records: searchPageRecords(json, receivedAt, source) };
  const message = classifyStreamLine(trimmed);
  switch (message.kind) {
    case 'tweet':
      return { kind: 'records', records: [{ key: message.id, value: trimmed, source, receivedAt }] };
    case 'error':
      return { kind: 'error-payload', title: message.title };
    case 'invalid':
      return invalid(trimmed, message.reason, receivedAt, source);
  }
}

function invalid(value: string, reason: string, receivedAt: number, source: TweetSource): ReplayLine {
  return { kind: 'records', records: [{ key: '', value, source, receivedAt, invalid: reason }] };
}
