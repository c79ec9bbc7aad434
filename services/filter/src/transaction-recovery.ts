import { backoffDelay, isRetriableKafkaError, type BackoffPolicy, type Producer } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';

/** librdkafka ERR__CONFLICT: another transactional call (the one that timed out) is still under way. */
const CONFLICT = -173;
/** Kafka error codes of a transactional offset commit whose group generation ended mid-batch. */
const GENERATION_ENDED = new Set([22, 27]); // ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS
/**
 * The group no longer knows this member (its session expired, e.g. during a
 * broker outage longer than the session timeout): no retry can succeed until
 * the consumer rejoins, and it cannot rejoin while the batch holds its handler.
 */
const UNKNOWN_MEMBER_ID = 25;
/**
 * Fatal producer errors that an outage itself causes: the broker ends a
 * transaction left open longer than its timeout (bumping the producer
 * epoch), and the abort that arrives after the outage is answered
 * INVALID_TXN_STATE or a fence — librdkafka then declares the producer
 * unusable. Met while recovering from a broker outage, they call for a new
 * producer (its initialisation fences the old one), not for an exit.
 */
const PRODUCER_UNUSABLE = new Set([
  47, // INVALID_PRODUCER_EPOCH
  48, // INVALID_TXN_STATE
  90, // PRODUCER_FENCED
  -144, // ERR__FENCED
  -150, // ERR__FATAL
]);

/** What a failed transaction calls for. */
export type FailureKind = 'member-lost' | 'generation-ended' | 'kafka-unavailable' | 'fatal';

export function failureKind(err: unknown): FailureKind {
  const code = codeOf(err);
  if (code === UNKNOWN_MEMBER_ID) return 'member-lost';
  if (code !== undefined && GENERATION_ENDED.has(code)) return 'generation-ended';
  return isRetriableKafkaError(err) ? 'kafka-unavailable' : 'fatal';
}

/** See PRODUCER_UNUSABLE: only to be asked of errors met while recovering from an outage. */
export function producerUnusable(err: unknown): boolean {
  return PRODUCER_UNUSABLE.has(codeOf(err) ?? 0);
}

export interface SettleOptions {
  /** The producer, inside the transaction that failed. */
  readonly transaction: Producer;
  /** Why it failed (logged with each attempt). */
  readonly failure: unknown;
  /**
   * The transactional call that failed, to call again: librdkafka keeps a call
   * that timed out running in the background and refuses any other call
   * (ERR__CONFLICT) until that one is called again and reports its result.
   */
  readonly resume: (() => Promise<void>) | undefined;
  /** `resume` is the commit: its success means the transaction is committed after all. */
  readonly resumeCommits: boolean;
  readonly log: Logger;
  readonly backoff: BackoffPolicy;
  /** True once retrying has gone on for too long: the last error is thrown. */
  readonly giveUp: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Ends a transaction that failed with a retriable error, so that the producer
 * can begin the next one: aborts it, retrying the abort with backoff while the
 * broker is unavailable (an abort needs the transaction coordinator). When
 * librdkafka says the failed call is still under way — a commit that timed
 * out continues in the background and may still succeed — that call is
 * resumed first; a resumed commit that succeeds means the batch IS committed,
 * and redoing it would write it twice.
 *
 * @returns 'aborted' (nothing of the transaction is visible, its offsets were
 *   not committed: redo it) or 'committed'.
 * @throws the abort's error when it cannot succeed (fenced producer, fatal
 *   error) or when `giveUp` says so.
 */
export async function settleFailedTransaction(options: SettleOptions): Promise<'aborted' | 'committed'> {
  const { transaction, log } = options;
  for (let attempt = 1; ; attempt++) {
    let err: unknown;
    try {
      await transaction.abort();
      return 'aborted';
    } catch (abortErr) {
      err = abortErr;
    }
    if (codeOf(err) === CONFLICT && options.resume !== undefined) {
      try {
        await options.resume();
        if (options.resumeCommits) {
          log.info({ failure: options.failure }, 'transaction committed after all (its commit had timed out)');
          return 'committed';
        }
        // The call went through late; the transaction is still aborted and redone as a whole.
        continue;
      } catch (resumeErr) {
        err = resumeErr;
      }
    }
    if (!(isRetriableKafkaError(err) || codeOf(err) === CONFLICT) || options.giveUp()) throw err;
    const delayMs = backoffDelay(attempt, options.backoff);
    log.warn({ err, failure: options.failure, attempt, delayMs }, 'transaction abort failed; retrying');
    await options.sleep(delayMs);
  }
}

function codeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
