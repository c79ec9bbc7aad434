/** Stable codes for the errors this library raises; callers branch on `code`. */
export const KafkaPipelineErrorCodes = {
  TOPIC_PARTITIONS_MISMATCH: { retriable: false },
  BROKER_UNAVAILABLE: { retriable: true },
  /** The group still has members: its offsets cannot be moved now. */
  GROUP_ACTIVE: { retriable: true },
} as const;
export type KafkaPipelineErrorCode = keyof typeof KafkaPipelineErrorCodes;

export class KafkaPipelineError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: KafkaPipelineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaPipelineError';
    this.retriable = KafkaPipelineErrorCodes[code].retriable;
  }
}

/** Whether retrying can help, for errors thrown by the Kafka client. */
export function isRetriableKafkaError(err: unknown): boolean {
  if (err instanceof KafkaPipelineError) return err.retriable;
  const candidate = err as { retriable?: unknown } | null;
  return typeof candidate?.retriable === 'boolean' ? candidate.retriable : false;
}
