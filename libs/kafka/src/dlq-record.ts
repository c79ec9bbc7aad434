import { createHash } from 'node:crypto';
import { DlqHeaders, MAX_RECORD_BYTES, recordBytes, type DlqErrorCode } from '@tweet-pipeline/contracts';
import type { Message } from './client.js';

export interface DlqRecordInput {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly code: DlqErrorCode;
  readonly reason: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly service: string;
  readonly now?: Date;
}

const MAX_REASON_CHARS = 1_000;
/** What is kept of a value too large for a DLQ record: enough to see what it was. */
const DLQ_VALUE_PREFIX_BYTES = 64 * 1024;
/** What is kept of a key too large for a DLQ record (a real key is a tweet id of 1–20 bytes). */
const DLQ_KEY_PREFIX_BYTES = 1024;

/**
 * A `tweets.dlq` record: the original key and bytes untouched, the reason in
 * headers. When that record would exceed `MAX_RECORD_BYTES` (Kafka would
 * refuse it on every retry, a poison record that stops the stage), the value
 * is cut to its first `DLQ_VALUE_PREFIX_BYTES` bytes and `original-size` and
 * `original-sha256` describe the whole; an oversized key is cut likewise
 * (`original-key-size`). The whole original is still where it came from
 * (`source-topic`/`source-offset`) when it came from a topic.
 */
export function dlqRecord(input: DlqRecordInput): Message {
  const headers: Record<string, string> = {
    [DlqHeaders.errorCode]: input.code,
    [DlqHeaders.errorMessage]: input.reason.slice(0, MAX_REASON_CHARS),
    [DlqHeaders.sourceTopic]: input.sourceTopic,
    [DlqHeaders.sourcePartition]: String(input.sourcePartition),
    [DlqHeaders.sourceOffset]: input.sourceOffset,
    [DlqHeaders.failedAt]: (input.now ?? new Date()).toISOString(),
    [DlqHeaders.service]: input.service,
  };
  const whole = { key: input.key, value: input.value, headers };
  if (recordBytes(whole) <= MAX_RECORD_BYTES) return whole;
  let { key, value } = input;
  if (value !== null && value.length > DLQ_VALUE_PREFIX_BYTES) {
    headers[DlqHeaders.originalSize] = String(value.length);
    headers[DlqHeaders.originalSha256] = createHash('sha256').update(value).digest('hex');
    value = value.subarray(0, DLQ_VALUE_PREFIX_BYTES);
  }
  if (key !== null && key.length > DLQ_KEY_PREFIX_BYTES) {
    headers[DlqHeaders.originalKeySize] = String(key.length);
    key = key.subarray(0, DLQ_KEY_PREFIX_BYTES);
  }
  return { key, value, headers };
}

/** Reads a header as a string, whatever shape the client handed it in. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
