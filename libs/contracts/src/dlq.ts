/**
 * Headers of a `tweets.dlq` record. The key and value are the original bytes,
 * untouched — except when the record would not fit in Kafka (`MAX_RECORD_BYTES`):
 * then the value is cut to a bounded prefix and the `original-*` headers say so.
 */
export const DlqHeaders = {
  errorCode: 'error-code',
  errorMessage: 'error-message',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  failedAt: 'failed-at',
  service: 'service',
  /** Present only when the value is a truncated prefix: the original value's length in bytes. */
  originalSize: 'original-size',
  /** Present only when the value is a truncated prefix: hex sha256 of the original value. */
  originalSha256: 'original-sha256',
  /** Present only when the key is a truncated prefix: the original key's length in bytes. */
  originalKeySize: 'original-key-size',
} as const;

/**
 * Why a record went to the DLQ. Stable: alerts and the `error_code` metric
 * label use these values.
 */
export const DlqErrorCodes = [
  'INVALID_JSON',
  'SCHEMA_VIOLATION',
  'KEY_MISMATCH',
  'DOCUMENT_REJECTED',
  /** The record (or what a stage would make of it) exceeds `MAX_RECORD_BYTES`; the DLQ holds a prefix. */
  'MESSAGE_TOO_LARGE',
] as const;
export type DlqErrorCode = (typeof DlqErrorCodes)[number];
