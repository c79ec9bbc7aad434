/** Headers of a `tweets.dlq` record; the value and key are the original bytes, untouched. */
export const DlqHeaders = {
  errorCode: 'error-code',
  errorMessage: 'error-message',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  failedAt: 'failed-at',
  service: 'service',
} as const;

/**
 * Why a record went to the DLQ. Stable: alerts and the `error_code` metric
 * label use these values.
 */
export const DlqErrorCodes = ['INVALID_JSON', 'SCHEMA_VIOLATION', 'KEY_MISMATCH', 'DOCUMENT_REJECTED'] as const;
export type DlqErrorCode = (typeof DlqErrorCodes)[number];
