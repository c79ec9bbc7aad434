/** Stable codes for the errors this library raises; callers branch on `code`. */
export const KafkaPipelineErrorCodes = {
  TOPIC_PARTITIONS_MISMATCH: { retriable: false },
  /** An existing topic's cleanup.policy, retention.ms or max.message.bytes does not fit the pipeline. */
  TOPIC_CONFIG_MISMATCH: { retriable: false },
  BROKER_UNAVAILABLE: { retriable: true },
  /** The group still has members: its offsets cannot be moved now. */
  GROUP_ACTIVE: { retriable: true },
  /** Offsets committed to an inactive group did not read back (its coordinator was still loading). */
  OFFSETS_NOT_HELD: { retriable: true },
  /** A topic was created but its partitions have no leader yet (the broker is still electing them). */
  TOPIC_NOT_READY: { retriable: true },
} as const;
export type KafkaPipelineErrorCode = keyof typeof KafkaPipelineErrorCodes;

/**
 * An existing topic does not fit the pipeline (TOPIC_PARTITIONS_MISMATCH,
 * TOPIC_CONFIG_MISMATCH). Not retriable by itself, but an operator can fix the
 * topic: a service may wait for that (retrying with `retriable` extended by
 * this) with /readyz naming the mismatch, instead of restarting in a loop.
 */
export function isTopicMismatch(err: unknown): err is KafkaPipelineError {
  return (
    err instanceof KafkaPipelineError &&
    (err.code === 'TOPIC_PARTITIONS_MISMATCH' || err.code === 'TOPIC_CONFIG_MISMATCH')
  );
}

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

/**
 * librdkafka error codes that mean "the broker (or the network to it) is not
 * available right now": retrying later can succeed. Needed because the
 * client's KafkaJS layer (@confluentinc/kafka-javascript 1.10.1) drops
 * librdkafka's own flags — its errors always say `retriable: false`,
 * `abortable: false`, `fatal: false` (it reads `retriable` where librdkafka
 * sets `isRetriable`) — so only the code is left to go by.
 */
const TRANSIENT_CLIENT_CODES = new Set([
  -195, // ERR__TRANSPORT: connection to the broker lost or refused
  -193, // ERR__RESOLVE: the broker's host name does not resolve (yet)
  -192, // ERR__MSG_TIMED_OUT: a produced record was not acknowledged in time
  -187, // ERR__ALL_BROKERS_DOWN
  -185, // ERR__TIMED_OUT: a request or a (resumable) transactional call timed out
  -184, // ERR__QUEUE_FULL: local producer queue full while the broker is away
  -180, // ERR__WAIT_COORD: waiting for the group or transaction coordinator
  -166, // ERR__TIMED_OUT_QUEUE
  -152, // ERR__PURGE_QUEUE: records of an aborted transaction, purged before they were sent
  -151, // ERR__PURGE_INFLIGHT
  // Refused access (wrong credentials, an untrusted certificate) is waited out too, not
  // turned into a crash loop: the secret or the CA can be fixed without a restart of the
  // pod's scheduling, and the access monitor has said why in one line and on /readyz.
  -169, // ERR__AUTHENTICATION
  -181, // ERR__SSL
  58, // SASL_AUTHENTICATION_FAILED
  3, // UNKNOWN_TOPIC_OR_PARTITION: metadata not propagated yet (just created, broker restarting)
  5, // LEADER_NOT_AVAILABLE
  6, // NOT_LEADER_OR_FOLLOWER
  7, // REQUEST_TIMED_OUT
  8, // BROKER_NOT_AVAILABLE
  13, // NETWORK_EXCEPTION
  14, // COORDINATOR_LOAD_IN_PROGRESS
  15, // COORDINATOR_NOT_AVAILABLE
  16, // NOT_COORDINATOR
  19, // NOT_ENOUGH_REPLICAS
  20, // NOT_ENOUGH_REPLICAS_AFTER_APPEND
  51, // CONCURRENT_TRANSACTIONS
  56, // KAFKA_STORAGE_ERROR
]);

/**
 * Whether retrying can help: this library's errors say so themselves; for the
 * Kafka client's errors the librdkafka code decides (broker or network
 * unavailable, see TRANSIENT_CLIENT_CODES). Anything else — invalid
 * arguments, wrong state, authorization, a fenced producer — is not retriable.
 */
export function isRetriableKafkaError(err: unknown): boolean {
  if (err instanceof KafkaPipelineError) return err.retriable;
  const candidate = err as { retriable?: unknown; code?: unknown } | null;
  if (candidate?.retriable === true) return true;
  return typeof candidate?.code === 'number' && TRANSIENT_CLIENT_CODES.has(candidate.code);
}
