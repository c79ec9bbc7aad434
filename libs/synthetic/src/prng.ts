/**
 * mulberry32: a tiny seeded PRNG. The synthetic source must be reproducible
 * from a seed so a test can recompute exactly what a producer process sent.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** True for exactly floor(n * ratio) of the indexes 0..n-1, spread evenly. */
export function isScheduled(index: number, ratio: number): boolean {
  return Math.floor((index + 1) * ratio) > Math.floor(index * ratio);
}
