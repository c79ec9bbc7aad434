import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'vitest';
import {
  PartitionBatcher,
  type FlushContext,
  type FlushResult,
  type OffsetEntry,
  type TopicPartition,
} from '../src/partition-batcher.js';

const tp = (partition: number): TopicPartition => ({ topic: 'tweets.clean', partition });
const entries = (from: number, count: number): OffsetEntry[] =>
  Array.from({ length: count }, (_, i) => ({ offset: String(from + i) }));
const offsets = (list: readonly OffsetEntry[]) => list.map((e) => Number(e.offset));

interface Harness {
  readonly batcher: PartitionBatcher<OffsetEntry>;
  readonly flushed: { partition: number; offsets: number[]; context: FlushContext }[];
  readonly rewound: { partition: number; offset: string }[];
  readonly fatal: unknown[];
  available: boolean;
  next: FlushResult | (() => Promise<FlushResult>);
}

function harness(options: { maxBatchSize?: number; maxWaitMs?: number; maxHoldMs?: number } = {}): Harness {
  const h: Harness = {
    flushed: [],
    rewound: [],
    fatal: [],
    available: true,
    next: 'done',
    batcher: undefined as unknown as PartitionBatcher<OffsetEntry>,
  };
  const batcher = new PartitionBatcher<OffsetEntry>({
    maxBatchSize: options.maxBatchSize ?? 3,
    maxWaitMs: options.maxWaitMs ?? 50,
    flush: async (where, list, context) => {
      h.flushed.push({ partition: where.partition, offsets: offsets(list), context });
      return typeof h.next === 'function' ? h.next() : h.next;
    },
    isAvailable: () => h.available,
    rewind: (where, offset) => h.rewound.push({ partition: where.partition, offset }),
    onFatal: (err) => h.fatal.push(err),
    ...(options.maxHoldMs === undefined ? {} : { maxHoldMs: options.maxHoldMs }),
  });
  return Object.assign(h, { batcher });
}

test('PartitionBatcher writes a full batch at once, in offset order, and splits a larger chunk', async () => {
  const h = harness({ maxBatchSize: 3, maxWaitMs: 10_000 });
  await h.batcher.add(tp(0), entries(0, 7));
  await h.batcher.drain();
  assert.deepEqual(
    h.flushed.map((f) => f.offsets),
    [[0, 1, 2], [3, 4, 5], [6]],
  );
});

test('PartitionBatcher writes a partial batch once its first entry waited maxWaitMs', async () => {
  const h = harness({ maxBatchSize: 100, maxWaitMs: 40 });
  await h.batcher.add(tp(1), entries(10, 2));
  await sleep(10);
  await h.batcher.add(tp(1), entries(12, 1));
  assert.equal(h.flushed.length, 0, 'not before maxWaitMs');
  await sleep(80);
  assert.deepEqual(h.flushed, [{ partition: 1, offsets: [10, 11, 12], context: h.flushed[0]!.context }]);
});

test('PartitionBatcher with maxWaitMs 0 writes every chunk as it comes', async () => {
  const h = harness({ maxBatchSize: 100, maxWaitMs: 0 });
  await h.batcher.add(tp(0), entries(0, 2));
  await h.batcher.add(tp(0), entries(2, 1));
  await h.batcher.drain();
  assert.deepEqual(
    h.flushed.map((f) => f.offsets),
    [[0, 1], [2]],
  );
});

test('PartitionBatcher rewinds to the first entry of a batch the database could not take, and drops what comes until released', async () => {
  const h = harness({ maxBatchSize: 2, maxWaitMs: 10_000 });
  h.next = async () => {
    h.available = false;
    return 'unavailable';
  };
  await h.batcher.add(tp(2), entries(20, 2));
  await sleep(5);
  assert.deepEqual(h.rewound, [{ partition: 2, offset: '20' }]);
  assert.equal(h.batcher.pausedCount, 1);

  // Fetched before the pause took effect: dropped, they come again from offset 20.
  await h.batcher.add(tp(2), entries(22, 2));
  assert.equal(h.flushed.length, 1);
  assert.equal(h.batcher.bufferedCount, 0);

  h.available = true;
  h.next = 'done';
  assert.deepEqual(h.batcher.releasePaused(), [tp(2)]);
  assert.equal(h.batcher.pausedCount, 0);
  await h.batcher.add(tp(2), entries(20, 4));
  await h.batcher.drain();
  assert.deepEqual(
    h.flushed.map((f) => f.offsets),
    [
      [20, 21],
      [20, 21],
      [22, 23],
    ],
  );
});

test('PartitionBatcher rewinds every partition to its first unwritten entry while the database is unavailable', async () => {
  const h = harness({ maxBatchSize: 10, maxWaitMs: 30 });
  await h.batcher.add(tp(0), entries(100, 2));
  await h.batcher.add(tp(1), entries(200, 2));
  h.available = false;
  await h.batcher.add(tp(0), entries(102, 1));
  await sleep(60);
  assert.deepEqual(h.rewound, [
    { partition: 0, offset: '100' },
    { partition: 1, offset: '200' },
  ]);
  assert.equal(h.flushed.length, 0, 'no write is tried while the database is known to be down');
});

test('PartitionBatcher forgets a revoked partition and tells a write in flight it no longer owns it', async () => {
  const h = harness({ maxBatchSize: 2, maxWaitMs: 10_000 });
  let release: (result: FlushResult) => void = () => undefined;
  h.next = () => new Promise<FlushResult>((resolve) => (release = resolve));
  await h.batcher.add(tp(3), entries(0, 2));
  await sleep(5);
  await h.batcher.add(tp(3), entries(2, 1));
  assert.equal(h.flushed[0]!.context.owned(), true);
  h.batcher.revoke([tp(3)]);
  assert.equal(h.flushed[0]!.context.owned(), false);
  release('unavailable');
  await h.batcher.drain();
  assert.equal(h.rewound.length, 0, 'a revoked partition is not rewound');
  assert.equal(h.flushed.length, 1, 'its buffered entry is not written');
});

test('PartitionBatcher holds the consumer back while more than one write waits', async () => {
  const h = harness({ maxBatchSize: 1, maxWaitMs: 10_000 });
  const releases: ((result: FlushResult) => void)[] = [];
  h.next = () => new Promise<FlushResult>((resolve) => releases.push(resolve));
  await h.batcher.add(tp(0), entries(0, 1));
  let returned = false;
  const second = h.batcher.add(tp(1), entries(0, 1)).then(() => (returned = true));
  await sleep(10);
  assert.equal(returned, false, 'two writes pending: add waits');
  releases.shift()?.('done');
  await second;
  assert.equal(returned, true);
  await sleep(10);
  assert.equal(releases.length, 1, 'the second write started');
  releases.shift()?.('done');
  await h.batcher.drain();
});

test('PartitionBatcher holds the consumer back for at most maxHoldMs, so it keeps polling when the database is slow', async () => {
  const h = harness({ maxBatchSize: 1, maxWaitMs: 10_000, maxHoldMs: 30 });
  const releases: ((result: FlushResult) => void)[] = [];
  h.next = () => new Promise<FlushResult>((resolve) => releases.push(resolve));
  await h.batcher.add(tp(0), entries(0, 1));
  const started = Date.now();
  await h.batcher.add(tp(1), entries(0, 1));
  assert.ok(Date.now() - started < 1_000, 'returned after maxHoldMs with the write still pending');
  while (releases.length > 0 || h.flushed.length < 2) {
    releases.shift()?.('done');
    await sleep(5);
  }
  await h.batcher.drain();
});

test('PartitionBatcher reports a write that throws as fatal and stops writing', async () => {
  const h = harness({ maxBatchSize: 1, maxWaitMs: 0 });
  h.next = () => Promise.reject(new Error('DLQ send failed'));
  await h.batcher.add(tp(0), entries(0, 1));
  await h.batcher.add(tp(0), entries(1, 1));
  await h.batcher.drain();
  assert.equal(h.fatal.length, 1);
  assert.equal(h.flushed.length, 1);
});

test('PartitionBatcher.drain writes what is buffered and takes nothing after', async () => {
  const h = harness({ maxBatchSize: 100, maxWaitMs: 10_000 });
  await h.batcher.add(tp(0), entries(0, 3));
  await h.batcher.add(tp(1), entries(0, 1));
  await h.batcher.drain();
  await h.batcher.add(tp(0), entries(3, 1));
  assert.deepEqual(
    h.flushed.map((f) => [f.partition, f.offsets]),
    [
      [0, [0, 1, 2]],
      [1, [0]],
    ],
  );
});
