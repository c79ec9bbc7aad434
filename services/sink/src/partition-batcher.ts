import type { TopicPartition } from '@tweet-pipeline/kafka';

export type { TopicPartition };

/** Anything buffered must know its offset: a rewind goes back to the first one not stored. */
export interface OffsetEntry {
  readonly offset: string;
}

export interface FlushContext {
  /** False once the partition was revoked while its batch was written: the new owner commits, not this one. */
  readonly owned: () => boolean;
}

/** `unavailable`: nothing of the batch may be committed; the batcher rewinds the partition. */
export type FlushResult = 'done' | 'unavailable';

export interface PartitionBatcherOptions<E extends OffsetEntry> {
  /** Entries of one partition per write, at most. */
  readonly maxBatchSize: number;
  /** How long the first buffered entry of a partition may wait for the batch to fill; 0 writes each chunk at once. */
  readonly maxWaitMs: number;
  /** Writes one batch of one partition and, when `done`, makes its offsets durable. */
  readonly flush: (tp: TopicPartition, entries: readonly E[], context: FlushContext) => Promise<FlushResult>;
  /** False while the database is known to be unavailable: buffered entries are rewound instead of written. */
  readonly isAvailable: () => boolean;
  /**
   * Stops fetching the partition and moves its position back to `offset`, so
   * everything from there is delivered again after it is resumed.
   */
  readonly rewind: (tp: TopicPartition, offset: string) => void;
  /** A flush threw: a programming or configuration fault; the process should exit. */
  readonly onFatal: (err: unknown) => void;
  /** Told the number of partitions paused by a rewind whenever it changes. */
  readonly onPausedChange?: (paused: number) => void;
  /**
   * Longest one `add` holds the consumer back while writes are behind
   * (default 30 s): far below the client's max.poll.interval (300 s), so a
   * slow database slows consumption down without getting the member evicted.
   */
  readonly maxHoldMs?: number;
  readonly now?: () => number;
}

const DEFAULT_MAX_HOLD_MS = 30_000;

interface PartitionState<E> {
  readonly tp: TopicPartition;
  buffer: E[];
  firstAt: number;
  timer: NodeJS.Timeout | undefined;
  queued: boolean;
  paused: boolean;
  inFlight: readonly E[] | undefined;
}

/**
 * Turns the consumer's per-partition chunks into write batches of up to
 * `maxBatchSize` entries or `maxWaitMs` of waiting, whichever comes first,
 * and keeps offsets exact while doing so:
 *
 * - a partition's entries are written in order, one batch at a time, and a
 *   batch is committed only by its own flush, after the write;
 * - when a write finds the database unavailable, the partition is rewound to
 *   the first entry not stored and paused; entries delivered for it until it
 *   is resumed are dropped (they come again from the rewound position);
 * - a revoked partition's buffer is dropped; its new owner starts from the
 *   last commit, and writes are idempotent.
 *
 * Writes run one at a time (the database takes one bulk write per batch);
 * `add` returns at once unless more than one write is waiting, which is the
 * backpressure that keeps memory bounded (for at most `maxHoldMs` per call).
 */
export class PartitionBatcher<E extends OffsetEntry> {
  private readonly states = new Map<string, PartitionState<E>>();
  private tail: Promise<void> = Promise.resolve();
  private pendingFlushes = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  private failed = false;
  private readonly now: () => number;

  constructor(private readonly options: PartitionBatcherOptions<E>) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Takes a chunk the consumer fetched for one partition, in offset order.
   * Resolves when the caller may fetch more.
   */
  async add(tp: TopicPartition, entries: readonly E[]): Promise<void> {
    const first = entries[0];
    if (this.closed || first === undefined) return;
    const state = this.stateOf(tp);
    if (state.paused) return;
    if (!this.options.isAvailable()) {
      this.rewind(state, (state.inFlight?.[0] ?? state.buffer[0] ?? first).offset);
      return;
    }
    if (state.buffer.length === 0) state.firstAt = this.now();
    state.buffer.push(...entries);
    if (state.buffer.length >= this.options.maxBatchSize || this.options.maxWaitMs === 0) this.enqueue(state);
    else this.arm(state);
    const until = this.now() + (this.options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS);
    while (this.pendingFlushes > 1 && !this.failed) {
      const left = until - this.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Forgets revoked partitions: their buffers are not written, their timers stop. */
  revoke(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const state = this.states.get(keyOf(tp));
      if (state === undefined) continue;
      clearTimeout(state.timer);
      this.states.delete(keyOf(tp));
    }
    this.reportPaused();
  }

  /** Partitions rewound and paused during an outage, now released; the caller resumes them on the consumer. */
  releasePaused(): TopicPartition[] {
    const released: TopicPartition[] = [];
    for (const state of this.states.values()) {
      if (!state.paused) continue;
      state.paused = false;
      released.push(state.tp);
    }
    this.reportPaused();
    return released;
  }

  /** Whether the partition is paused by a rewind of this batcher (and not yet released). */
  isPaused(tp: TopicPartition): boolean {
    return this.states.get(keyOf(tp))?.paused ?? false;
  }

  get pausedCount(): number {
    let count = 0;
    for (const state of this.states.values()) if (state.paused) count++;
    return count;
  }

  /** Entries buffered and not yet handed to a write. */
  get bufferedCount(): number {
    let count = 0;
    for (const state of this.states.values()) count += state.buffer.length;
    return count;
  }

  /**
   * Stops taking entries and writes what is buffered (when the database is
   * available), for a graceful stop. What is not written is not committed.
   */
  async drain(): Promise<void> {
    this.closed = true;
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      if (state.buffer.length > 0) this.enqueue(state);
    }
    await this.tail;
  }

  private stateOf(tp: TopicPartition): PartitionState<E> {
    const key = keyOf(tp);
    let state = this.states.get(key);
    if (state === undefined) {
      state = { tp, buffer: [], firstAt: 0, timer: undefined, queued: false, paused: false, inFlight: undefined };
      this.states.set(key, state);
    }
    return state;
  }

  private owned(state: PartitionState<E>): boolean {
    return this.states.get(keyOf(state.tp)) === state;
  }

  private arm(state: PartitionState<E>): void {
    if (state.timer !== undefined || state.queued) return;
    const delay = Math.max(0, state.firstAt + this.options.maxWaitMs - this.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.enqueue(state);
    }, delay);
  }

  private enqueue(state: PartitionState<E>): void {
    if (state.queued || this.failed) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.queued = true;
    this.pendingFlushes++;
    this.tail = this.tail
      .then(() => this.flushOne(state))
      .finally(() => {
        this.pendingFlushes--;
        for (const resolve of this.waiting.splice(0)) resolve();
      });
  }

  private async flushOne(state: PartitionState<E>): Promise<void> {
    // Cleared first: entries added while this batch is written queue the next flush.
    state.queued = false;
    if (this.failed || !this.owned(state) || state.paused || state.buffer.length === 0) return;
    const head = state.buffer[0]!;
    if (!this.options.isAvailable()) {
      this.rewind(state, head.offset);
      return;
    }
    const entries = state.buffer.splice(0, this.options.maxBatchSize);
    // The rest keeps the first entry's arrival time: it can only be flushed early, never late.
    if (state.buffer.length >= this.options.maxBatchSize || (state.buffer.length > 0 && this.closed)) {
      this.enqueue(state);
    } else if (state.buffer.length > 0) this.arm(state);
    state.inFlight = entries;
    let result: FlushResult;
    try {
      result = await this.options.flush(state.tp, entries, { owned: () => this.owned(state) });
    } catch (err) {
      this.failed = true;
      this.options.onFatal(err);
      return;
    } finally {
      state.inFlight = undefined;
    }
    if (result === 'unavailable' && this.owned(state) && !state.paused) this.rewind(state, head.offset);
  }

  private rewind(state: PartitionState<E>, offset: string): void {
    state.paused = true;
    state.buffer = [];
    clearTimeout(state.timer);
    state.timer = undefined;
    this.options.rewind(state.tp, offset);
    this.reportPaused();
  }

  private reportPaused(): void {
    this.options.onPausedChange?.(this.pausedCount);
  }
}

function keyOf(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
