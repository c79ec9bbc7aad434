import type { Consumer, Producer, TopicMessages } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';

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
  /** The group member whose offsets the transaction commits (KIP-447 fencing by group metadata). */
  readonly consumer: () => Consumer;
  /** How long a batch may wait for others to share its transaction. */
  readonly lingerMs: number;
  /** Commit at once when this many output records are waiting. */
  readonly maxRecords: number;
  readonly log: Logger;
  readonly onCommit?: (batches: number, records: number, seconds: number) => void;
}

/** Kafka error codes of a transactional offset commit whose group generation ended mid-batch. */
const GENERATION_ENDED = new Set([22, 25, 27]); // ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS
const MAX_REBALANCE_RETRIES = 20;
const REBALANCE_RETRY_MS = 100;

interface Pending {
  readonly work: BatchWork;
  readonly resolve: (committed: boolean) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Puts the batches of several partitions into one Kafka transaction: their
 * clean, state and DLQ records and all their input offsets commit together or
 * not at all. One transaction per partition batch would cost a commit round
 * trip each — at low rates twelve partitions mean twelve serial commits per
 * cycle; at high rates many small ones. As Kafka Streams does with its commit
 * interval, batches that arrive within `lingerMs` share one.
 */
export class TransactionBatcher {
  private waiting: Pending[] = [];
  private waitingRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: TransactionBatcherOptions) {}

  /**
   * Resolves true once the work is committed, false when its partition was
   * lost to a rebalance before it could be (nothing of it took effect);
   * rejects when the transaction failed otherwise.
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

  private async commit(taken: readonly Pending[], attempt = 0): Promise<void> {
    const started = process.hrtime.bigint();
    const byTopic = new Map<string, TopicMessages['messages'][number][]>();
    for (const { work } of taken) {
      for (const { topic, messages } of work.output) byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...messages]);
    }
    const offsets = new Map<string, { partition: number; offset: string }[]>();
    for (const { work } of taken) {
      const { topic, partition, offset } = work.commit;
      offsets.set(topic, [...(offsets.get(topic) ?? []), { partition, offset }]);
    }
    let transaction: Producer | undefined;
    try {
      transaction = await this.options.producer.transaction();
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages });
      await transaction.sendOffsets({
        consumer: this.options.consumer(),
        topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await transaction.commit();
    } catch (err) {
      await transaction
        ?.abort()
        .catch((abortErr: unknown) => this.options.log.error({ err: abortErr }, 'transaction abort failed'));
      if (GENERATION_ENDED.has(Number((err as { code?: unknown } | null)?.code)) && attempt < MAX_REBALANCE_RETRIES) {
        await this.redoAfterRebalance(taken, attempt);
        return;
      }
      for (const pending of taken) pending.reject(err);
      return;
    }
    const records = [...byTopic.values()].reduce((sum, m) => sum + m.length, 0);
    this.options.onCommit?.(taken.length, records, Number(process.hrtime.bigint() - started) / 1e9);
    for (const pending of taken) {
      pending.work.onCommitted();
      pending.resolve(true);
    }
  }

  /**
   * A rebalance ended the group generation while the transaction was open, so
   * its offset commit was refused and it was aborted. Batches of partitions
   * this member still holds (cooperative rebalancing keeps them) are redone
   * under the new generation; those of partitions it lost are dropped without
   * touching state — their new owner reads them again from the last commit.
   */
  private async redoAfterRebalance(taken: readonly Pending[], attempt: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, REBALANCE_RETRY_MS));
    const held = new Set(
      this.options
        .consumer()
        .assignment()
        .map((tp) => `${tp.topic}:${tp.partition}`),
    );
    const keep = taken.filter(({ work }) => held.has(`${work.commit.topic}:${work.commit.partition}`));
    const lost = taken.filter((pending) => !keep.includes(pending));
    this.options.log.warn(
      { attempt, kept: keep.length, lost: lost.length },
      'rebalance during a transaction; redoing it',
    );
    for (const pending of lost) pending.resolve(false);
    if (keep.length > 0) await this.commit(keep, attempt + 1);
  }
}
