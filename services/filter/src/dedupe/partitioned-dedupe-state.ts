import { DedupeError } from './errors.js';
import { SeenIdTable } from './seen-id-table.js';

/**
 * One partition's dedupe memory, as the batch loop and the restore use it.
 * Its `has` is the surface `processBatch` reads. It stays bound to the table
 * it was taken from: after a revoke it still answers from, and writes to, the
 * dropped table, so a batch in flight during a rebalance needs no check (the
 * partition's next owner restores from the topic anyway).
 */
export interface PartitionSeenIds {
  readonly partition: number;
  /** Ids held for this partition. */
  readonly size: number;
  /** Whether `id` was seen in this partition within the window. @throws {DedupeError} for a bad id. */
  has(id: string): boolean;
  /**
   * Remembers `id` as first seen at `firstSeenMs`; false when already held.
   * @throws {DedupeError} for a bad id or time.
   */
  remember(id: string, firstSeenMs: number): boolean;
}

export interface PartitionedDedupeStateOptions {
  /** How long an id is remembered after it was first seen: `config.topics.dedupeWindowMs`, the retention of `tweets.dedupe-state`. */
  readonly windowMs: number;
}

export interface AssignOptions {
  /** Records about to be restored for the partition (e.g. end offset minus start offset): sizes its table once. */
  readonly expectedEntries?: number;
}

/**
 * The filter's dedupe memory: one {@link SeenIdTable} per assigned partition
 * of `tweets.raw`. Per partition because state is restored and dropped per
 * partition (`tweets.dedupe-state` is co-partitioned with `tweets.raw`), and
 * that is enough: tweets.raw is keyed by tweet id, so every copy of a tweet
 * lands in the same partition and is checked against the same table.
 */
export class PartitionedDedupeState {
  readonly windowMs: number;
  private readonly tables = new Map<number, SeenIdTable>();

  /** @throws {DedupeError} `TIME_OUT_OF_RANGE` when `windowMs` is not a positive number. */
  constructor(options: PartitionedDedupeStateOptions) {
    if (!(options.windowMs > 0 && Number.isFinite(options.windowMs))) {
      throw new DedupeError(
        'TIME_OUT_OF_RANGE',
        `dedupe window must be positive milliseconds, got ${options.windowMs}`,
      );
    }
    this.windowMs = options.windowMs;
  }

  /** Ids held, all partitions together (the `tweet_pipeline_filter_dedupe_state_entries` gauge). */
  get size(): number {
    let total = 0;
    for (const table of this.tables.values()) total += table.size;
    return total;
  }

  /** Partitions assigned, ascending. */
  get partitions(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }

  /** Bytes held by all the tables: the whole memory cost of the state. */
  memoryBytes(): number {
    let total = 0;
    for (const table of this.tables.values()) total += table.memoryBytes();
    return total;
  }

  /**
   * Starts `partition` with an empty table, replacing any it had: the caller
   * restores it from `tweets.dedupe-state` next, before processing it.
   * @throws {DedupeError} `PARTITION_NOT_ASSIGNED` for a partition number that
   *   is not a non-negative integer; `CAPACITY_EXCEEDED` for an absurd
   *   `expectedEntries`.
   */
  assign(partition: number, options: AssignOptions = {}): void {
    if (!Number.isSafeInteger(partition) || partition < 0) {
      throw new DedupeError('PARTITION_NOT_ASSIGNED', `partition must be a non-negative integer, got ${partition}`);
    }
    this.tables.set(partition, new SeenIdTable(options));
  }

  /** Drops `partition`'s table (its memory goes to the GC); false when it was not assigned. */
  revoke(partition: number): boolean {
    return this.tables.delete(partition);
  }

  isAssigned(partition: number): boolean {
    return this.tables.has(partition);
  }

  /**
   * The memory of one assigned partition: take it once per batch (or once
   * per restore) and use it for the whole batch.
   * @throws {DedupeError} `PARTITION_NOT_ASSIGNED` when not assigned.
   */
  forPartition(partition: number): PartitionSeenIds {
    return new PartitionView(partition, this.table(partition));
  }

  /**
   * Whether `id` was seen in `partition` within the window.
   * @throws {DedupeError} `PARTITION_NOT_ASSIGNED`, or for a bad id.
   */
  has(partition: number, id: string): boolean {
    return this.table(partition).has(id);
  }

  /**
   * Remembers `id` in `partition` as first seen at `firstSeenMs`; false when
   * it was held already.
   * @throws {DedupeError} `PARTITION_NOT_ASSIGNED`, or for a bad id or time.
   */
  remember(partition: number, id: string, firstSeenMs: number): boolean {
    return this.table(partition).add(id, firstSeenMs);
  }

  /**
   * Forgets, in every partition, the ids first seen more than the window
   * before `nowMs`; returns how many went. O(slots held): run it on a timer
   * (every minute is plenty for a 24 h window), and once after a restore, as
   * the topic may still hold records past their retention.
   */
  expire(nowMs: number): number {
    const cutoff = nowMs - this.windowMs;
    let removed = 0;
    for (const table of this.tables.values()) removed += table.expireBefore(cutoff);
    return removed;
  }

  private table(partition: number): SeenIdTable {
    const table = this.tables.get(partition);
    if (table === undefined) {
      throw new DedupeError('PARTITION_NOT_ASSIGNED', `partition ${partition} is not assigned to this filter instance`);
    }
    return table;
  }
}

class PartitionView implements PartitionSeenIds {
  constructor(
    readonly partition: number,
    private readonly table: SeenIdTable,
  ) {}

  get size(): number {
    return this.table.size;
  }

  has(id: string): boolean {
    return this.table.has(id);
  }

  remember(id: string, firstSeenMs: number): boolean {
    return this.table.add(id, firstSeenMs);
  }
}
