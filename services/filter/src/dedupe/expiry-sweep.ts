import { hashId, NO_STAMP, SLOT_WORDS } from './slot-layout.js';

export interface SweepResult {
  readonly removed: number;
  /** The oldest stamp left, or NO_STAMP when none is. */
  readonly oldest: number;
}

/**
 * Removes, in one pass and in place, every slot whose stamp is below
 * `keepFrom`, from a Robin Hood linear-probing table (slot-layout.ts) of
 * `mask + 1` slots.
 *
 * Backward-shift deletion, all at once: each survivor moves back over the
 * gaps that removals left before it in its run, but never before its home
 * slot. Robin Hood keeps every run sorted by home slot, and the pass keeps
 * that order, so the result is exactly a table holding the survivors alone:
 * no tombstones, lookups as short as before. Needs at least one empty slot.
 */
export function sweepExpired(slots: Int32Array, mask: number, keepFrom: number): SweepResult {
  // Start right after an empty slot, so that no run reaches into the pass from before it.
  let start = 0;
  while (slots[start * SLOT_WORDS + 2] !== 0) start++;
  let removed = 0;
  let oldest = NO_STAMP;
  /** The first slot a survivor may move back to, or -1 while nothing was removed since the last empty slot. */
  let free = -1;
  for (let slot = (start + 1) & mask; slot !== start; slot = (slot + 1) & mask) {
    const base = slot * SLOT_WORDS;
    const stamp = slots[base + 2]! >>> 0;
    if (stamp === 0) {
      free = -1;
      continue;
    }
    if (stamp < keepFrom) {
      slots[base + 2] = 0;
      removed++;
      if (free < 0) free = slot;
      continue;
    }
    if (stamp < oldest) oldest = stamp;
    if (free < 0) continue;
    const hi = slots[base]!;
    const lo = slots[base + 1]!;
    const distance = (slot - hashId(hi, lo)) & mask;
    if (distance === 0) {
      // At home already: it stays, and its run goes on unbroken after it.
      free = -1;
      continue;
    }
    const target = distance < ((slot - free) & mask) ? (slot - distance) & mask : free;
    const to = target * SLOT_WORDS;
    slots[to] = hi;
    slots[to + 1] = lo;
    slots[to + 2] = stamp;
    slots[base + 2] = 0;
    free = (target + 1) & mask;
  }
  return { removed, oldest };
}
