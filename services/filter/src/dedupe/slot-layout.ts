/**
 * How a `SeenIdTable` lays out its one Int32Array: slot i is the three
 * words at 3i, side by side so that a probe touches one cache line:
 *
 *   3i     high 32 bits of the id (as int32 bits)
 *   3i + 1 low 32 bits of the id (as int32 bits)
 *   3i + 2 first-seen stamp (first-seen-stamp.ts); 0 = empty slot
 *
 * Int32, not Uint32: V8 keeps int32 values as small integers, so comparing
 * halves never boxes a double; stamps are read back with `>>> 0`.
 */
export const SLOT_WORDS = 3;

/** Bytes per slot: 8 for the id, 4 for the first-seen stamp. */
export const BYTES_PER_SLOT = SLOT_WORDS * Int32Array.BYTES_PER_ELEMENT;

/** Above every stamp: the oldest stamp of an empty table. */
export const NO_STAMP = 2 ** 32;

/**
 * Hash of an id, whose low bits pick its home slot: murmur3's 32-bit
 * finalizer over both halves. Tweet ids are snowflakes whose low bits are a
 * small per-machine sequence and whose high bits are a clock, so masking
 * either half alone would pile ids into a few runs.
 */
export function hashId(hi: number, lo: number): number {
  let h = Math.imul(hi, 0x9e3779b1) ^ lo;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
