/** Seeded generators for the dedupe tests: a failure replays from its seed. */

/** mulberry32: a small, fast 32-bit PRNG; returns uint32s. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A random unsigned 64-bit value whose bit length is itself random, so every decimal length from 1 to 20 occurs. */
export function randomU64(next: () => number): bigint {
  const full = (BigInt(next()) << 32n) | BigInt(next());
  const bits = BigInt(1 + (next() % 64));
  return full & ((1n << bits) - 1n);
}

const TWITTER_EPOCH_MS = 1288834974657n;

/** A snowflake id as X mints them: ms clock << 22 | datacenter << 17 | worker << 12 | sequence. */
export function snowflakeId(next: () => number, atMs: number): bigint {
  const sequence = BigInt(next() % 4);
  const machine = BigInt(next() % 1024);
  return ((BigInt(atMs) - TWITTER_EPOCH_MS) << 22n) | (machine << 12n) | sequence;
}
