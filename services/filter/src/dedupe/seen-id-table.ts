import { DedupeError } from './errors.js';
import { fromStamp, survivingStamp, toStamp } from './first-seen-stamp.js';
import { sweepExpired } from './expiry-sweep.js';
import { decodeIdInto, type IdHalves } from './id-codec.js';
import { hashId, NO_STAMP, SLOT_WORDS } from './slot-layout.js';

/**
 * Grow (double) past this load. With Robin Hood probing a miss stops as soon
 * as it meets a resident closer to its home than the probe is, so even at 0.8
 * a hit reads 3.0 adjacent slots on average and a miss 3.4 (measured on
 * snowflake ids), about one cache line. Doubling leaves the load in
 * (0.4, 0.8]: 15-30 bytes per id at 12 bytes per slot, within the 32 the
 * filter may spend.
 */
const MAX_LOAD = 0.8;
/** Shrink after an expiry leaves the table this empty (traffic fell), to a load in (0.25, 0.5]. */
const SHRINK_BELOW_LOAD = 0.2;
const LOAD_AFTER_SHRINK = 0.5;
const MIN_CAPACITY = 16;
/** 2^29 slots = 6 GiB, 429 M ids: far past one filter instance, and index arithmetic stays exact. */
const MAX_CAPACITY = 2 ** 29;

export interface SeenIdTableOptions {
  /**
   * Ids about to be added, e.g. the record count of a state partition about
   * to be restored: sizes the table once instead of doubling it step by step.
   */
  readonly expectedEntries?: number;
}

/**
 * The set of tweet ids seen within the dedupe window, each with the time it
 * was first seen: an open-addressing hash table in one Int32Array, keyed by
 * the 64-bit id, with Robin Hood linear probing. 12 bytes per slot, 15-30
 * bytes per id, no per-id object, so the GC never walks it.
 *
 * Expiry is a sweep ({@link expireBefore}), so there is no per-id delete and
 * no tombstone. Not thread-safe; one table per partition.
 */
export class SeenIdTable {
  private slots: Int32Array;
  private mask: number;
  private growAt: number;
  private count = 0;
  /** No stamp held is below this, so that a sweep with nothing due is skipped. */
  private oldest = NO_STAMP;
  /** Reused by every call so that a lookup allocates nothing. */
  private readonly halves: IdHalves = { hi: 0, lo: 0 };

  /** @throws {DedupeError} `CAPACITY_EXCEEDED` when `expectedEntries` is beyond what one table holds. */
  constructor(options: SeenIdTableOptions = {}) {
    const capacity = capacityFor(options.expectedEntries ?? 0, MAX_LOAD);
    this.slots = new Int32Array(capacity * SLOT_WORDS);
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }

  /** Ids held. */
  get size(): number {
    return this.count;
  }

  /** Slots allocated (a power of two). */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes held by the table's typed array: the whole memory cost, there is nothing per id elsewhere. */
  memoryBytes(): number {
    return this.slots.byteLength;
  }

  /**
   * Whether `id` is held. Allocates nothing.
   * @throws {DedupeError} when `id` is not a canonical unsigned 64-bit decimal.
   */
  has(id: string): boolean {
    decodeIdInto(id, this.halves);
    return this.find(this.halves.hi | 0, this.halves.lo | 0) >= 0;
  }

  /**
   * The first-seen time of `id` in milliseconds, rounded down to its second,
   * or undefined when it is not held.
   * @throws {DedupeError} when `id` is not a canonical unsigned 64-bit decimal.
   */
  firstSeenMs(id: string): number | undefined {
    decodeIdInto(id, this.halves);
    const slot = this.find(this.halves.hi | 0, this.halves.lo | 0);
    return slot < 0 ? undefined : fromStamp(this.slots[slot * SLOT_WORDS + 2]! >>> 0);
  }

  /**
   * Remembers `id` as seen at `firstSeenMs`; returns false when it was held
   * already. Then the later of the two times is kept: `tweets.dedupe-state`
   * can hold an id twice (seen again after its window ended, before
   * compaction dropped the older record) and the later record is the one
   * that counts, as compaction would keep it.
   * @throws {DedupeError} for a bad id or time (nothing is changed), or
   *   `CAPACITY_EXCEEDED` when the table cannot grow further.
   */
  add(id: string, firstSeenMs: number): boolean {
    const stamp = toStamp(firstSeenMs);
    decodeIdInto(id, this.halves);
    const hi = this.halves.hi | 0;
    const lo = this.halves.lo | 0;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hashId(hi, lo) & mask;
    let distance = 0;
    for (;;) {
      const base = slot * SLOT_WORDS;
      const resident = slots[base + 2]! >>> 0;
      if (resident === 0) break;
      if (slots[base + 1] === lo && slots[base] === hi) {
        if (stamp > resident) slots[base + 2] = stamp;
        return false;
      }
      if (((slot - (hashId(slots[base]!, slots[base + 1]!) & mask)) & mask) < distance) break;
      slot = (slot + 1) & mask;
      distance++;
    }
    if (this.count >= this.growAt) {
      this.resize(capacityFor(this.count + 1, MAX_LOAD));
      this.place(hi, lo, stamp, hashId(hi, lo) & this.mask, 0);
    } else {
      this.place(hi, lo, stamp, slot, distance);
    }
    this.count++;
    if (stamp < this.oldest) this.oldest = stamp;
    return true;
  }

  /**
   * Forgets every id first seen before `cutoffMs` (to the second, rounding
   * towards keeping) and returns how many went: one in-place pass of
   * backward-shift deletion (expiry-sweep.ts), after which the table is
   * exactly as if the survivors alone had been added. O(capacity) when
   * an id is due, O(1) when none is (the oldest time is tracked): call it
   * every few seconds or minutes, not per tweet. Shrinks the table when the
   * window now holds far fewer ids than it has room for.
   */
  expireBefore(cutoffMs: number): number {
    const keepFrom = survivingStamp(cutoffMs);
    if (this.count === 0 || keepFrom <= this.oldest) return 0;
    const { removed, oldest } = sweepExpired(this.slots, this.mask, keepFrom);
    this.count -= removed;
    this.oldest = oldest;
    const capacity = this.mask + 1;
    if (this.count < capacity * SHRINK_BELOW_LOAD) {
      const smaller = capacityFor(this.count, LOAD_AFTER_SHRINK);
      if (smaller < capacity) this.resize(smaller);
    }
    return removed;
  }

  /**
   * Checks the table's invariants in O(capacity) and throws an Error naming
   * the first one broken. For tests and diagnostics, never on a hot path.
   */
  assertConsistent(): void {
    const slots = this.slots;
    const mask = this.mask;
    let occupied = 0;
    for (let slot = 0; slot <= mask; slot++) {
      const base = slot * SLOT_WORDS;
      if (slots[base + 2] === 0) continue;
      occupied++;
      const hi = slots[base]!;
      const lo = slots[base + 1]!;
      const distance = (slot - hashId(hi, lo)) & mask;
      for (let step = 1; step <= distance; step++) {
        if (slots[((slot - step) & mask) * SLOT_WORDS + 2] === 0)
          throw new Error(`slot ${slot}: gap on its probe path`);
      }
      const next = (slot + 1) & mask;
      const nextBase = next * SLOT_WORDS;
      if (slots[nextBase + 2] !== 0) {
        const nextDistance = (next - hashId(slots[nextBase]!, slots[nextBase + 1]!)) & mask;
        if (nextDistance > distance + 1) throw new Error(`slot ${next}: run not sorted by home (Robin Hood order)`);
      }
      if (this.find(hi, lo) !== slot) throw new Error(`slot ${slot}: id not found where it is (duplicate?)`);
      if (slots[base + 2]! >>> 0 < this.oldest) throw new Error(`slot ${slot}: stamp below the oldest one recorded`);
    }
    if (occupied !== this.count) throw new Error(`size ${this.count} but ${occupied} slots occupied`);
    if (occupied > this.growAt) throw new Error(`load above ${MAX_LOAD}`);
  }

  /** Slot of the id, or -1. */
  private find(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hashId(hi, lo) & mask;
    for (let distance = 0; ; distance++) {
      const base = slot * SLOT_WORDS;
      if (slots[base + 2] === 0) return -1;
      if (slots[base + 1] === lo && slots[base] === hi) return slot;
      // Runs are sorted by home slot: a resident nearer its home than we are to ours means we are not here.
      if (((slot - (hashId(slots[base]!, slots[base + 1]!) & mask)) & mask) < distance) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Robin Hood insertion of an id known to be absent, from `slot`, `distance` slots past its home. */
  private place(hi: number, lo: number, stamp: number, slot: number, distance: number): void {
    const slots = this.slots;
    const mask = this.mask;
    for (;;) {
      const base = slot * SLOT_WORDS;
      const residentStamp = slots[base + 2]!;
      if (residentStamp === 0) {
        slots[base] = hi;
        slots[base + 1] = lo;
        slots[base + 2] = stamp;
        return;
      }
      const residentHi = slots[base]!;
      const residentLo = slots[base + 1]!;
      const residentDistance = (slot - (hashId(residentHi, residentLo) & mask)) & mask;
      if (residentDistance < distance) {
        // Take the slot from the richer resident and carry it on; this keeps runs sorted by home.
        slots[base] = hi;
        slots[base + 1] = lo;
        slots[base + 2] = stamp;
        hi = residentHi;
        lo = residentLo;
        stamp = residentStamp;
        distance = residentDistance;
      }
      slot = (slot + 1) & mask;
      distance++;
    }
  }

  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * SLOT_WORDS);
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    for (let base = 0; base < old.length; base += SLOT_WORDS) {
      const stamp = old[base + 2]!;
      if (stamp === 0) continue;
      const hi = old[base]!;
      const lo = old[base + 1]!;
      this.place(hi, lo, stamp, hashId(hi, lo) & this.mask, 0);
    }
  }
}

/** The smallest power-of-two capacity that holds `entries` at or under `load`. */
function capacityFor(entries: number, load: number): number {
  let capacity = MIN_CAPACITY;
  while (Math.floor(capacity * load) < entries) {
    capacity *= 2;
    if (capacity > MAX_CAPACITY) {
      throw new DedupeError('CAPACITY_EXCEEDED', `a table holds at most ${Math.floor(MAX_CAPACITY * load)} ids`);
    }
  }
  return capacity;
}
