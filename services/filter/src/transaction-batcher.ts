import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_KAFKA_BACKOFF,
  backoffDelay,
  retryWhileRetriable,
  type BackoffPolicy,
  type Consumer,
  type Producer,
  type TopicMessages,
} from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import { failureKind, producerUnusable, settleFailedTransaction } from './transaction-recovery.js';

/** What one partition's batch contributes to a transaction. */
export interface BatchWork {
  readonly output: readonly TopicMessages[];
  /** The input offset to commit: the next record to read of that partition. */
  readonly commit: { readonly topic: string; readonly partition: number; readonly offset: string };
  /** Runs after the transaction committed (update in-memory state). */
  readonly onCommitted: () => void;
}

export interface TransactionBatcherOptions {
  readonly producer: Producer;
  /**
   * A new connected producer with the same transactional id, to replace one
   * that the broker ended during an outage (see PRODUCER_UNUSABLE); without
   * it that case rejects.
   */
  readonly renewProducer?: () => Promise<Producer>;
  /** The group member whose offsets the transaction commits (KIP-447 fencing by group metadata). */
  readonly consumer: () => Consumer;
  /** How long a batch may wait for others to share its transaction. */
  readonly lingerMs: number;
  /** Commit at once when this many output records are waiting. */
  readonly maxRecords: number;
  readonly log: Logger;
  readonly onCommit?: (batches: number, records: number, seconds: number) => void;
  /** Between attempts at a transaction that failed because Kafka was unavailable. */
  readonly retryBackoff?: BackoffPolicy;
  /**
   * How long transactions may keep failing for Kafka being unavailable before
   * the batcher gives up (rejects: the process exits, the orchestrator
   * restarts it with fresh clients). 5 min by default: the consumer's
   * `max.poll.interval.ms`, after which this member has lost its partitions anyway.
   */
  readonly maxRetryMs?: number;
  /**
   * Bound on waiting for the records' delivery reports. librdkafka fails
   * undelivered records after the transaction timeout (15 s) by itself; this
   * only guards against a report that never comes (30 s by default).
   */
  readonly deliveryTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_REBALANCE_RETRIES = 20;
const REBALANCE_RETRY_MS = 100;

interface Pending {
  readonly work: BatchWork;
  readonly resolve: (committed: boolean) => void;
  readonly reject: (err: unknown) => void;
}

type Attempt = { readonly ok: true; readonly records: number } | { readonly ok: false; readonly err: unknown };

/**
 * Puts the batches of several partitions into one Kafka transaction: their
 * clean, state and DLQ records and all their input offsets commit together or
 * not at all. One transaction per partition batch would cost a commit round
 * trip each — at low rates twelve partitions mean twelve serial commits per
 * cycle; at high rates many small ones. As Kafka Streams does with its commit
 * interval, batches that arrive within `lingerMs` share one.
 *
 * A transaction that fails because the broker is unavailable (a record timed
 * out, a request timed out, no coordinator) is aborted — nothing of it is
 * visible to `read_committed` readers and its offsets were not committed —
 * and redone from the same input with backoff, until Kafka is back: the
 * batches wait (backpressure), the process does not exit. Only errors a
 * retry cannot help (a fenced producer, a programmer error) reject.
 */
export class TransactionBatcher {
  private waiting: Pending[] = [];
  private waitingRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failingSince: number | undefined;
  private current: Producer;

  constructor(private readonly options: TransactionBatcherOptions) {
    this.current = options.producer;
  }

  /** The producer in use (it changes when one is renewed): the one to disconnect at shutdown. */
  get producer(): Producer {
    return this.current;
  }

  /** True while transactions fail for Kafka being unavailable and are being retried. */
  get retrying(): boolean {
    return this.failingSince !== undefined;
  }

  /**
   * Resolves true once the work is committed, false when it was given up
   * because its partition or this member's place in the group was lost before
   * it could be (nothing of it took effect: the caller has the batch delivered
   * again); rejects when the transaction failed in a way a retry cannot mend.
   */
  submit(work: BatchWork): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ work, resolve, reject });
      this.waitingRecords += work.output.reduce((sum, t) => sum + t.messages.length, 0);
      if (this.waitingRecords >= this.options.maxRecords) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.options.lingerMs);
    });
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.waiting;
    this.waiting = [];
    this.waitingRecords = 0;
    if (taken.length === 0) return;
    // Transactions of one producer are strictly sequential.
    this.chain = this.chain.then(() => this.commit(taken));
  }

  private async commit(initial: readonly Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    let taken = initial;
    let rebalances = 0;
    let failures = 0;
    for (;;) {
      let attempt: Attempt;
      try {
        attempt = await this.attempt(taken);
      } catch (err) {
        // The failed transaction could not be aborted: nothing can be trusted to work on this producer.
        for (const pending of taken) pending.reject(err);
        return;
      }
      if (attempt.ok) {
        this.failingSince = undefined;
        this.options.onCommit?.(taken.length, attempt.records, Number(process.hrtime.bigint() - started) / 1e9);
        for (const pending of taken) {
          pending.work.onCommitted();
          pending.resolve(true);
        }
        return;
      }
      const { err } = attempt;
      const kind = failureKind(err);
      if (kind === 'member-lost' || (kind === 'generation-ended' && rebalances >= MAX_REBALANCE_RETRIES)) {
        // Let go: the handler returns, the consumer rejoins, and the batch comes again from the
        // committed offsets (nothing of it took effect).
        this.options.log.warn({ err, rebalances, batches: taken.length }, 'group membership lost; batches given up');
        this.failingSince = undefined;
        for (const pending of taken) pending.resolve(false);
        return;
      }
      let delayMs: number;
      let reason: string;
      if (kind === 'generation-ended') {
        rebalances++;
        delayMs = REBALANCE_RETRY_MS;
        reason = 'rebalance during a transaction; redoing it';
      } else if (kind === 'kafka-unavailable' && !this.outOfRetryTime()) {
        failures++;
        delayMs = backoffDelay(failures, this.options.retryBackoff ?? DEFAULT_KAFKA_BACKOFF);
        reason = 'transaction failed while Kafka is unavailable; aborted, redoing it';
      } else {
        for (const pending of taken) pending.reject(err);
        return;
      }
      await this.wait(delayMs);
      taken = this.stillHeld(taken, { err, reason, rebalances, failures, delayMs });
      if (taken.length === 0) {
        this.failingSince = undefined;
        return;
      }
    }
  }

  /** One transaction over the batches; a failure is settled (aborted, or found committed) before returning. */
  private async attempt(taken: readonly Pending[]): Promise<Attempt> {
    const byTopic = new Map<string, TopicMessages['messages'][number][]>();
    for (const { work } of taken) {
      for (const { topic, messages } of work.output) byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...messages]);
    }
    const offsets = new Map<string, { partition: number; offset: string }[]>();
    for (const { work } of taken) {
      const { topic, partition, offset } = work.commit;
      offsets.set(topic, [...(offsets.get(topic) ?? []), { partition, offset }]);
    }
    const records = [...byTopic.values()].reduce((sum, m) => sum + m.length, 0);
    let transaction: Producer | undefined;
    let resume: (() => Promise<void>) | undefined;
    let resumeCommits = false;
    const log = this.options.log;
    try {
      transaction = await this.current.transaction();
      log.debug({ batches: taken.length, records }, 'transaction begun');
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      if (topicMessages.length > 0) {
        await deliveredWithin(transaction.sendBatch({ topicMessages }), this.options.deliveryTimeoutMs ?? 30_000);
      }
      log.debug('transaction records delivered');
      const sendOffsets = {
        consumer: this.options.consumer(),
        topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
      };
      resume = () => transaction!.sendOffsets(sendOffsets);
      await resume();
      log.debug('transaction offsets sent');
      resume = () => transaction!.commit();
      resumeCommits = true;
      await resume();
      log.debug('transaction committed');
      return { ok: true, records };
    } catch (err) {
      if (transaction === undefined) return { ok: false, err };
      if (failureKind(err) === 'fatal') {
        // Not worth a retry: abort once so the broker need not time the transaction out, then fail.
        await transaction
          .abort()
          .catch((abortErr: unknown) => this.options.log.error({ err: abortErr }, 'transaction abort failed'));
        return { ok: false, err };
      }
      this.failingSince ??= Date.now();
      let outcome: 'aborted' | 'committed';
      try {
        outcome = await settleFailedTransaction({
          transaction,
          failure: err,
          resume,
          resumeCommits,
          log: this.options.log,
          backoff: this.options.retryBackoff ?? DEFAULT_KAFKA_BACKOFF,
          giveUp: () => this.outOfRetryTime(),
          sleep: (ms) => this.wait(ms),
        });
      } catch (settleErr) {
        if (this.options.renewProducer === undefined || !producerUnusable(settleErr)) throw settleErr;
        await this.renewProducer(settleErr, this.options.renewProducer);
        // The new producer's initialisation aborted whatever the old one left open: redo.
        outcome = 'aborted';
      }
      return outcome === 'committed' ? { ok: true, records } : { ok: false, err };
    }
  }

  /**
   * After an aborted transaction: the batches of partitions this member still
   * holds are redone (cooperative rebalancing keeps them; a broker outage
   * usually leaves the assignment as it was); those of partitions it lost are
   * dropped without touching state — their new owner reads them again from
   * the last commit.
   */
  private stillHeld(
    taken: readonly Pending[],
    context: { err: unknown; reason: string; rebalances: number; failures: number; delayMs: number },
  ): readonly Pending[] {
    const held = new Set(
      this.options
        .consumer()
        .assignment()
        .map((tp) => `${tp.topic}:${tp.partition}`),
    );
    const keep = taken.filter(({ work }) => held.has(`${work.commit.topic}:${work.commit.partition}`));
    const lost = taken.filter((pending) => !keep.includes(pending));
    const { err, reason, ...counts } = context;
    this.options.log.warn({ err, ...counts, kept: keep.length, lost: lost.length }, reason);
    for (const pending of lost) pending.resolve(false);
    return keep;
  }

  private async renewProducer(cause: unknown, renew: () => Promise<Producer>): Promise<void> {
    this.options.log.warn({ err: cause }, 'the broker ended the transaction during the outage; replacing the producer');
    const old = this.current;
    await Promise.race([old.disconnect().catch(() => undefined), sleep(10_000)]);
    this.current = await retryWhileRetriable(renew, { what: 'replacing the producer', log: this.options.log });
  }

  private outOfRetryTime(): boolean {
    return this.failingSince !== undefined && Date.now() - this.failingSince > (this.options.maxRetryMs ?? 300_000);
  }

  private wait(ms: number): Promise<void> {
    return this.options.sleep?.(ms) ?? sleep(ms).then(() => undefined);
  }
}

/** librdkafka ERR__TIMED_OUT: a timeout like any other while the broker is away (retriable). */
const TIMED_OUT = -185;

/** `sent`, or a retriable timeout error after `ms`; a late rejection of `sent` is ignored (the abort purges it). */
async function deliveredWithin(sent: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`records not acknowledged within ${ms} ms`), { code: TIMED_OUT })),
      ms,
    );
  });
  sent.catch(() => undefined);
  try {
    await Promise.race([sent, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
