import { parseJsonLossless, type TweetSource } from '@tweet-pipeline/contracts';
import type { RawRecord } from '../raw-publisher.js';
import { isSearchPage, searchPageRecords } from '../x/search-page.js';
import { classifyStreamLine } from '../x/stream-line.js';

export type ReplayLine =
  | { readonly kind: 'records'; readonly records: RawRecord[] }
  | { readonly kind: 'error-payload'; readonly title: string }
  | { readonly kind: 'empty' };

// JSON text is UTF-8 (RFC 8259); decoding leniently would swap bad bytes for U+FFFD and publish
// bytes that were never received. A BOM is kept, so a line starting with one is invalid JSON.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CR = 0x0d;

/**
 * Turns one line of a recorded JSONL file into raw records. Understands raw
 * stream lines and twarc2 output (extra top-level keys are kept), and search
 * pages (`data[]` + `includes`), which become one stream-shaped message per
 * tweet with its own author attached. A line that cannot be read (not UTF-8,
 * not JSON, no 64-bit string id) becomes one record for the DLQ, its bytes as
 * they were; nothing is dropped silently. Empty and whitespace-only lines, and
 * search pages without tweets, are `empty`. Never throws.
 */
export function replayLine(line: string | Buffer, receivedAt: number, source: TweetSource = 'replay'): ReplayLine {
  let text: string;
  if (typeof line === 'string') {
    text = line.replace(/\r$/, '');
  } else {
    const bytes = line.at(-1) === CR ? line.subarray(0, -1) : line;
    try {
      text = utf8.decode(bytes);
    } catch {
      return invalid(Buffer.from(bytes), 'line is not valid UTF-8', receivedAt, source);
    }
  }
  if (text.trim() === '') return { kind: 'empty' };
  let json: unknown;
  try {
    json = parseJsonLossless(text);
  } catch (err) {
    return invalid(text, `invalid JSON: ${(err as Error).message}`, receivedAt, source);
  }
  if (isSearchPage(json)) {
    const records = searchPageRecords(json, receivedAt, source);
    return records.length === 0 ? { kind: 'empty' } : { kind: 'records', records };
  }
  const message = classifyStreamLine(text);
  switch (message.kind) {
    case 'tweet':
      return { kind: 'records', records: [{ key: message.id, value: text, source, receivedAt }] };
    case 'error':
      return { kind: 'error-payload', title: message.title };
    case 'invalid':
      return invalid(text, message.reason, receivedAt, source);
  }
}

function invalid(value: string | Buffer, reason: string, receivedAt: number, source: TweetSource): ReplayLine {
  return { kind: 'records', records: [{ key: '', value, source, receivedAt, invalid: reason }] };
}
