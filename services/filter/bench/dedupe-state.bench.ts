/**
 * Benchmark of the filter's dedupe memory at production scale: 10 M ids over
 * a 24 h window in 12 partitions. Not part of `npm test`; run by hand after a
 * build, and bounded to well under two minutes:
 *
 *   node --max-old-space-size=4096 services/filter/dist/bench/dedupe-state.bench.js [ids]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeIdInto } from '../src/dedupe/id-codec.js';
import { PartitionedDedupeState, type PartitionSeenIds } from '../src/dedupe/partitioned-dedupe-state.js';

const IDS = Number(process.argv[2] ?? 10_000_000);
const PARTITIONS = 12;
const WINDOW_MS = 24 * 3_600_000;
const LOOKUPS = 2_000_000;
const START_MS = Date.UTC(2026, 0, 1);
const TWITTER_EPOCH_MS = 1288834974657;

// A forced GC before each memory reading makes the deltas mean "what the state holds", not "what is not yet collected".
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
const perId = (ms: number, count: number) => `${fmt((ms * 1e6) / count, 0)} ns/id`;

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function memory() {
  gc();
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, arrayBuffers };
}

/** mulberry32, seeded: the same ids on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

interface Ids {
  readonly ids: string[];
  readonly seenAt: Float64Array;
  readonly partition: Uint8Array;
}

/** Snowflake ids as X mints them (clock << 22 | machine << 12 | sequence), the clock spread evenly over the window. */
function makeIds(count: number, fromMs: number, seed: number): Ids {
  const next = prng(seed);
  const ids = new Array<string>(count);
  const seenAt = new Float64Array(count);
  const partition = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const at = fromMs + Math.floor((i * WINDOW_MS) / count);
    const low = BigInt(((next() % 1024) << 12) | (next() % 4));
    ids[i] = ((BigInt(at - TWITTER_EPOCH_MS) << 22n) | low).toString();
    seenAt[i] = at;
    partition[i] = next() % PARTITIONS;
  }
  return { ids, seenAt, partition };
}

/**
 * As a restore does it: partitions assigned, then every record of the state
 * topic remembered in offset order. `onCheckpoint` sees the state every
 * 100,000 ids.
 */
function restore(data: Ids, presize: boolean, onCheckpoint?: (state: PartitionedDedupeState) => void) {
  const state = new PartitionedDedupeState({ windowMs: WINDOW_MS });
  const perPartition = new Array<number>(PARTITIONS).fill(0);
  for (const p of data.partition) perPartition[p]!++;
  for (let p = 0; p < PARTITIONS; p++) state.assign(p, presize ? { expectedEntries: perPartition[p]! } : {});
  const views = state.partitions.map((p) => state.forPartition(p));
  for (let i = 0; i < data.ids.length; i++) {
    views[data.partition[i]!]!.remember(data.ids[i]!, data.seenAt[i]!);
    if (onCheckpoint !== undefined && i % 100_000 === 99_999) onCheckpoint(state);
  }
  return state;
}

/**
 * Lookups of random ids, each a fresh string laid out in order, as ids come
 * out of JSON.parse batch by batch: what is measured is the decode and the
 * table, not cache misses on 10 M scattered test strings.
 */
function lookups(views: PartitionSeenIds[], data: Ids, seed: number) {
  const next = prng(seed);
  const picks = Uint32Array.from({ length: LOOKUPS }, () => next() % data.ids.length);
  const queries = Array.from(picks, (i) => Buffer.from(data.ids[i]!, 'latin1').toString('latin1'));
  const partitions = Uint8Array.from(picks, (i) => data.partition[i]!);
  const { ms, value } = time(() => {
    let found = 0;
    for (let q = 0; q < LOOKUPS; q++) if (views[partitions[q]!]!.has(queries[q]!)) found++;
    return found;
  });
  return `${fmt((ms * 1e6) / LOOKUPS, 0)} ns each, ${fmt(LOOKUPS / (ms / 1000))}/s (${fmt(value)} of ${fmt(LOOKUPS)} found)`;
}

out(
  `dedupe state benchmark: ${fmt(IDS)} ids, ${PARTITIONS} partitions, ${WINDOW_MS / 3_600_000} h window, node ${process.version}`,
);
const generated = time(() => makeIds(IDS, START_MS, 1));
const data = generated.value;
out(`  (generated ${fmt(IDS)} snowflake id strings in ${fmt(generated.ms)} ms, not part of any figure)`);

const halves = { hi: 0, lo: 0 };
const decode = time(() => {
  let sum = 0;
  for (const id of data.ids) {
    decodeIdInto(id, halves);
    sum += halves.hi + halves.lo;
  }
  return sum;
});
const bigint = time(() => {
  let sum = 0;
  for (const id of data.ids) {
    const value = BigInt(id);
    sum += Number(value >> 32n) + Number(value & 0xffffffffn);
  }
  return sum;
});
out(`decode id → (hi, lo): ${perId(decode.ms, IDS)}; the same through BigInt: ${perId(bigint.ms, IDS)}`);

let fewest = Infinity;
let most = 0;
restore(data, false, (state) => {
  fewest = Math.min(fewest, state.memoryBytes() / state.size);
  most = Math.max(most, state.memoryBytes() / state.size);
});
out(`bytes per id at every 100,000 ids while restoring, tables growing: ${fmt(fewest, 1)} to ${fmt(most, 1)}`);
const grown = time(() => restore(data, false));
out(`restore, tables growing:  ${fmt(grown.ms)} ms (${perId(grown.ms, IDS)})`);
grown.value.expire(Infinity);

const before = memory();
const presized = time(() => restore(data, true));
const state = presized.value;
const after = memory();
out(`restore, tables presized: ${fmt(presized.ms)} ms (${perId(presized.ms, IDS)})`);
out(`memory at ${fmt(state.size)} ids:`);
out(`  memoryBytes / size: ${fmt(state.memoryBytes() / state.size, 1)} B/id (${mib(state.memoryBytes())})`);
out(`  arrayBuffers delta: ${fmt((after.arrayBuffers - before.arrayBuffers) / state.size, 1)} B/id`);
out(`  RSS delta:          ${fmt((after.rss - before.rss) / state.size, 1)} B/id (${mib(after.rss - before.rss)})`);
out(`  heapUsed delta:     ${mib(after.heapUsed - before.heapUsed)} (no per-id data on the JS heap)`);

const views = state.partitions.map((p) => state.forPartition(p));
out(`lookups, hits:   ${lookups(views, data, 2)}`);
out(`lookups, misses: ${lookups(views, makeIds(LOOKUPS, START_MS + WINDOW_MS, 3), 4)}`);

const sweeps: [label: string, nowMs: number][] = [
  ['nothing due', START_MS + WINDOW_MS],
  ['one minute due', START_MS + WINDOW_MS + 60_000],
  ['half the window due', START_MS + WINDOW_MS + WINDOW_MS / 2],
  ['everything due', START_MS + 3 * WINDOW_MS],
];
for (const [label, nowMs] of sweeps) {
  const sweep = time(() => state.expire(nowMs));
  out(
    `expire, ${label}: ${fmt(sweep.ms, 1)} ms (${fmt(sweep.value)} removed, ${fmt(state.size)} left in ${mib(state.memoryBytes())})`,
  );
}
