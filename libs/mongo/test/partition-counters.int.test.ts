import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import type { Collection } from 'mongodb';
import { createLogger } from '@tweet-pipeline/observability';
import { openTestWorld, uniqueName, type TestWorld } from '@tweet-pipeline/testkit';
import {
  addCounts,
  counterUpdate,
  describeServer,
  planIncrements,
  type CounterHit,
  type CounterDocument,
  type RetryOptions,
} from '../src/index.js';

type Options = Omit<RetryOptions, 'what' | 'retryAlso'>;
type TagCounter = CounterDocument & { readonly minute: Date; readonly hashtag: string };
const options: Options = {
  backoff: { minMs: 20, maxMs: 200 },
  log: createLogger({ service: 'test', level: 'silent' }),
};
const TAGS = ['music', 'jazz', 'rock', 'Ünïcode', 'k-pop'];
let world: TestWorld;
let database: string;

beforeAll(async () => {
  world = await openTestWorld({ mongo: { retryWrites: false } });
  database = world.database('tp_counters');
});

afterAll(() => world?.close());

function collection(): Collection<TagCounter> {
  return world.mongo.db(database).collection<TagCounter>(uniqueName('counters'));
}

const counterId = (minute: Date, hashtag: string) => `${minute.toISOString()}|${hashtag}`;

/** Offsets `from..to` of one partition, each record carrying one or two hashtags over three minutes. */
function hits(from: number, to: number): CounterHit[] {
  const out: CounterHit[] = [];
  for (let offset = from; offset <= to; offset++) {
    const minute = new Date(Date.UTC(2025, 5, 15, 14, offset % 3));
    for (const hashtag of offset % 4 === 0 ? [TAGS[offset % 5]!, 'music'] : [TAGS[offset % 5]!]) {
      if (offset % 4 === 0 && hashtag === 'music' && offset % 5 === 0) continue;
      out.push({ id: counterId(minute, hashtag), offset, fields: { minute, hashtag } });
    }
  }
  return out;
}

/** What the documents must hold once `all` was counted exactly once. */
function expected(all: readonly CounterHit[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hit of all) counts.set(hit.id, (counts.get(hit.id) ?? 0) + 1);
  return counts;
}

async function stored(counters: Collection<TagCounter>): Promise<Map<string, number>> {
  return new Map((await counters.find().toArray()).map((d) => [d._id, d.count]));
}

test('addCounts counts a redelivery with other batch boundaries exactly once', async () => {
  const counters = collection();
  assert.equal(
    await addCounts(counters, { partition: 0, through: 99, hits: hits(0, 99) }, options),
    hits(0, 99).length,
  );
  // After a crash before the commit the batch comes again from offset 0, but longer this time.
  const again = await addCounts(counters, { partition: 0, through: 149, hits: hits(0, 149) }, options);
  assert.equal(again, hits(100, 149).length);
  // And once more, shorter and starting mid-way: nothing left to count.
  assert.equal(await addCounts(counters, { partition: 0, through: 120, hits: hits(50, 120) }, options), 0);
  assert.deepEqual(await stored(counters), expected(hits(0, 149)));
  const document = await counters.findOne({ _id: counterId(new Date(Date.UTC(2025, 5, 15, 14, 1)), 'jazz') });
  assert.equal(document?.hashtag, 'jazz');
  assert.equal(document?.minute.toISOString(), '2025-06-15T14:01:00.000Z');
  assert.deepEqual(document?.applied, { p0: 149 });
});

test('addCounts completes a batch whose write stopped half-way without counting the written half twice', async () => {
  const counters = collection();
  await addCounts(counters, { partition: 3, through: 49, hits: hits(0, 49) }, options);
  // The next batch's write reached only some documents before the connection dropped.
  const watermarks = new Map((await counters.find().toArray()).map((d) => [d._id, d.applied.p3!]));
  const plan = planIncrements(hits(50, 199), watermarks);
  await (counters as unknown as Collection<CounterDocument>).bulkWrite(
    plan.filter((_, i) => i % 2 === 0).map((increment) => counterUpdate(increment, 3, 199)),
  );
  assert.equal((await addCounts(counters, { partition: 3, through: 199, hits: hits(50, 199) }, options)) > 0, true);
  assert.deepEqual(await stored(counters), expected(hits(0, 199)));
});

test('addCounts keeps the partitions of one document apart', async () => {
  const counters = collection();
  await addCounts(counters, { partition: 0, through: 59, hits: hits(0, 59) }, options);
  await addCounts(counters, { partition: 1, through: 59, hits: hits(0, 59) }, options);
  await addCounts(counters, { partition: 1, through: 59, hits: hits(0, 59) }, options);
  const twice = new Map([...expected(hits(0, 59))].map(([id, count]) => [id, count * 2]));
  assert.deepEqual(await stored(counters), twice);
});

test('addCounts counts every hit once when several instances count the same partition at the same time', async (t) => {
  const server = describeServer(await world.mongo.db('admin').command({ buildInfo: 1 }));
  if (server.gaps.includes('atomic-filtered-update')) {
    // Seen on FerretDB 1.24: 2 of 14 runs lost 2–3 counts when three writers raced (ServerGaps).
    t.skip(`${server.kind} ${server.version} does not apply filtered updates atomically against concurrent writers`);
  }
  // Split brain: a revoked instance still writing while the new owner redelivers from the same committed
  // offset, each with its own batch boundaries; each only moves on once its own batch is written.
  const counters = collection();
  let lostRaces = 0;
  const log = createLogger({ service: 'test', level: 'warn', destination: { write: () => void lostRaces++ } });
  const instance = async (batchSize: number): Promise<void> => {
    for (let from = 0; from < 450; from += batchSize) {
      const through = Math.min(from + batchSize, 450) - 1;
      await addCounts(counters, { partition: 2, through, hits: hits(from, through) }, { ...options, log });
    }
  };
  await Promise.all([instance(100), instance(150), instance(7)]);
  assert.deepEqual(await stored(counters), expected(hits(0, 449)));
  assert.ok(lostRaces > 0, 'the instances did race for the same documents');
});
