import { DlqHeaders, type DlqErrorCode } from '@tweet-pipeline/contracts';
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

/** A `tweets.dlq` record: the original key and bytes untouched, the reason in headers. */
export function dlqRecord(input: DlqRecordInput): Message {
  return {
    key: input.key,
    value: input.value,
    headers: {
      [DlqHeaders.errorCode]: input.code,
      [DlqHeaders.errorMessage]: input.reason.slice(0, MAX_REASON_CHARS),
      [DlqHeaders.sourceTopic]: input.sourceTopic,
      [DlqHeaders.sourcePartition]: String(input.sourcePartition),
      [DlqHeaders.sourceOffset]: input.sourceOffset,
      [DlqHeaders.failedAt]: (input.now ?? new Date()).toISOString(),
      [DlqHeaders.service]: input.service,
    },
  };
}

/** Reads a header as a string, whatever shape the client handed it in. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
