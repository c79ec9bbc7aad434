import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { RetryOptions } from './connection.js';
import { retryWhileUnavailable } from './connection.js';
import { isDuplicateKey } from './errors.js';

/**
 * A counter fed from Kafka partitions: its count, and per source partition
 * (`p<n>`) the last offset whose records the count includes.
 */
export interface CounterDocument {
  readonly _id: string;
  readonly count: number;
  readonly applied: Readonly<Record<string, number>>;
}

/** One record adding one to one counter. `fields` are set when the counter is created. */
export interface CounterHit {
  readonly id: string;
  /** Offset of the record in its source partition. */
  readonly offset: number;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** What one guarded update adds to one counter. */
export interface CounterIncrement {
  readonly id: string;
  readonly count: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The counter's watermark the increment was computed against; undefined = none yet. */
  readonly after: number | undefined;
}

/** Records `hits` come from: one partition, every record up to offset `through` (the batch's last). */
export interface CounterBatch {
  readonly partition: number;
  readonly through: number;
  readonly hits: readonly CounterHit[];
}

/**
 * The increments still missing from the counters. `watermarks` holds, per
 * counter, the last offset of this partition it already counts: hits at or
 * below it were counted by an earlier delivery, whatever that delivery's
 * batch boundaries were, so they are skipped. Pure.
 */
export function planIncrements(
  hits: readonly CounterHit[],
  watermarks: ReadonlyMap<string, number>,
): CounterIncrement[] {
  const plan = new Map<
    string,
    { id: string; count: number; fields: CounterHit['fields']; after: number | undefined }
  >();
  for (const hit of hits) {
    const after = watermarks.get(hit.id);
    if (after !== undefined && hit.offset <= after) continue;
    const entry = plan.get(hit.id) ?? { id: hit.id, count: 0, fields: hit.fields, after };
    entry.count++;
    plan.set(hit.id, entry);
  }
  return [...plan.values()].map((entry) => ({ ...entry, fields: entry.fields ?? {} }));
}

/**
 * The guarded upsert for one increment: it applies only while the counter's
 * watermark for `partition` is still the one the increment was computed
 * against, and moves the watermark to `through` in the same single-document
 * update. Otherwise the upsert collides with the existing `_id` (duplicate
 * key): someone else counted first; read again. Pure.
 */
export function counterUpdate(
  increment: CounterIncrement,
  partition: number,
  through: number,
): AnyBulkWriteOperation<CounterDocument> {
  const watermark = `applied.p${partition}`;
  return {
    updateOne: {
      filter: { _id: increment.id, [watermark]: increment.after ?? { $exists: false } },
      update: {
        $inc: { count: increment.count },
        $set: { [watermark]: through },
        ...(Object.keys(increment.fields).length === 0 ? {} : { $setOnInsert: increment.fields }),
      },
      upsert: true,
    },
  };
}

/**
 * Adds one batch's hits to the counters exactly once, without transactions:
 * reads the counters' watermarks, writes only what they lack, and on a
 * transient failure or a lost race reads again, so a partially applied write
 * is harmless and two instances briefly owning one partition (a rebalance)
 * cannot count a record twice. An unavailable database is waited out, never
 * skipped. Commit the batch's offsets only after this returns.
 *
 * @returns hits that were not counted yet when the batch came (0 = a redelivery).
 * @throws the driver's error when the database refuses the write for good.
 */
export async function addCounts<T extends CounterDocument>(
  collection: Collection<T>,
  batch: CounterBatch,
  options: Omit<RetryOptions, 'what' | 'retryAlso'>,
): Promise<number> {
  if (batch.hits.length === 0) return 0;
  // Only `_id`, `count`, `applied` and the hits' own fields are read or written.
  const counters = collection as unknown as Collection<CounterDocument>;
  const ids = [...new Set(batch.hits.map((hit) => hit.id))];
  const source = `p${batch.partition}`;
  let counted: number | undefined;
  await retryWhileUnavailable(
    async () => {
      const documents = await counters.find({ _id: { $in: ids } }, { projection: { applied: 1 } }).toArray();
      const watermarks = new Map<string, number>();
      for (const d of documents) {
        const offset = d.applied?.[source];
        if (offset !== undefined) watermarks.set(d._id, offset);
      }
      const plan = planIncrements(batch.hits, watermarks);
      counted ??= plan.reduce((sum, increment) => sum + increment.count, 0);
      if (plan.length === 0) return;
      // Ordered, so MongoDB stops at the first failure as FerretDB always does; a failed write is
      // never interpreted, only read back on the next attempt.
      await counters.bulkWrite(
        plan.map((increment) => counterUpdate(increment, batch.partition, batch.through)),
        { ordered: true },
      );
    },
    // A duplicate key is another writer of this partition moving a watermark first.
    { ...options, what: `count ${batch.hits.length} hits of partition ${batch.partition}`, retryAlso: isDuplicateKey },
  );
  return counted ?? 0;
}
