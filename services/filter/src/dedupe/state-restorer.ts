import { readPartitionsToEnd, type KafkaSecurity } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import { DedupeError } from './errors.js';
import type { PartitionedDedupeState } from './partitioned-dedupe-state.js';

export interface StateRestorerOptions {
  readonly state: PartitionedDedupeState;
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** The service's SASL/TLS settings: the state is read from the same secured cluster. */
  readonly security?: KafkaSecurity;
  /** `tweets.dedupe-state`: co-partitioned with the input, so partition p restores input partition p. */
  readonly topic: string;
  readonly log: Logger;
  readonly onRestored: (seconds: number, records: number) => void;
  readonly onFailed: (err: unknown) => void;
}

/**
 * Keeps the in-memory dedupe state in step with the partitions this instance
 * owns: on assignment it restores exactly those partitions from the compacted
 * state topic (batches of a partition wait for it), on revocation it drops them.
 */
export class StateRestorer {
  private readonly restoring = new Map<number, Promise<void>>();

  constructor(private readonly options: StateRestorerOptions) {}

  /** True while some assigned partition's state is still being read. */
  get busy(): boolean {
    return this.restoring.size > 0;
  }

  assign(partitions: readonly number[]): void {
    const fresh = partitions.filter((p) => !this.restoring.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) this.options.state.assign(p);
    const done = this.restore(fresh).finally(() => {
      for (const p of fresh) if (this.restoring.get(p) === done) this.restoring.delete(p);
    });
    for (const p of fresh) this.restoring.set(p, done);
    done.catch((err: unknown) => this.options.onFailed(err));
  }

  revoke(partitions: readonly number[]): void {
    for (const p of partitions) {
      this.restoring.delete(p);
      if (this.options.state.isAssigned(p)) this.options.state.revoke(p);
    }
  }

  /** Resolves once partition `p` may be processed; assigns it first if no rebalance event did. */
  async ready(partition: number): Promise<void> {
    if (!this.options.state.isAssigned(partition) && !this.restoring.has(partition)) this.assign([partition]);
    await this.restoring.get(partition);
  }

  private async restore(partitions: readonly number[]): Promise<void> {
    const { state, log } = this.options;
    const started = process.hrtime.bigint();
    let skipped = 0;
    const records = await readPartitionsToEnd({
      brokers: this.options.brokers,
      clientId: this.options.clientId,
      ...(this.options.security !== undefined && { security: this.options.security }),
      topic: this.options.topic,
      partitions,
      log,
      onRecord: (partition, key, value) => {
        if (key === null || !state.isAssigned(partition)) return;
        try {
          state.forPartition(partition).remember(key.toString('latin1'), Number(value?.toString('latin1')));
        } catch (err) {
          if (!(err instanceof DedupeError)) throw err;
          skipped++;
        }
      },
    });
    const expired = state.expire(Date.now());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.onRestored(seconds, records);
    log.info({ partitions, records, expired, skipped, seconds: Number(seconds.toFixed(3)) }, 'dedupe state restored');
  }
}
