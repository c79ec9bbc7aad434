/** The end-to-end comparison of one trial: expected ids against the `_id`s found in MongoDB. */
export interface IdCount {
  readonly expected: number;
  /** Documents read back (every `_id` the collection returned, repeats included). */
  readonly stored: number;
  /** Expected ids with no document. */
  readonly lost: number;
  /** Documents beyond one per expected id: ids nobody expected, plus every repeat of an id. */
  readonly duplicated: number;
  /** Every lost id, smallest first (for locating where they were dropped). */
  readonly lostIds: readonly string[];
  /** Up to `sampleSize` of the lost ids, smallest first, for the report. */
  readonly lostSample: readonly string[];
  /** Up to `sampleSize` of the unexpected or repeated ids. */
  readonly duplicatedSample: readonly string[];
}

const byValue = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compares what had to be stored with what is. `_id` is unique in MongoDB, so
 * a tweet written twice can only show up as an id nobody expected (or, on a
 * store without that guarantee, as a repeated id); both count as duplicated.
 */
export function countIds(expected: ReadonlySet<string>, storedIds: Iterable<string>, sampleSize = 10): IdCount {
  const seen = new Set<string>();
  const extra: string[] = [];
  let stored = 0;
  for (const id of storedIds) {
    stored++;
    if (seen.has(id) || !expected.has(id)) extra.push(id);
    seen.add(id);
  }
  const lost: string[] = [];
  for (const id of expected) if (!seen.has(id)) lost.push(id);
  lost.sort(byValue);
  return {
    expected: expected.size,
    stored,
    lost: lost.length,
    duplicated: extra.length,
    lostIds: lost,
    lostSample: lost.slice(0, sampleSize),
    duplicatedSample: [...new Set(extra)].sort(byValue).slice(0, sampleSize),
  };
}

/** Ids that occur more than once in a sequence (e.g. the keys of tweets.clean), with how often. */
export function repeatedIds(ids: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) if (n < 2) counts.delete(id);
  return counts;
}

/** Where lost ids were last seen on their way: the stage after it is the one that dropped them. */
export interface LossLocation {
  /** Lost ids not on tweets.raw: never published by the producer. */
  readonly notOnRaw: number;
  /** On tweets.raw but not committed on tweets.clean nor on the DLQ: dropped by the filter. */
  readonly onRawOnly: number;
  /** On tweets.dlq (with a reason), not on tweets.clean. */
  readonly onDlq: number;
  /** Committed on tweets.clean but not in MongoDB: dropped by the sink. */
  readonly onClean: number;
}

export function locateLost(
  lost: Iterable<string>,
  seen: { readonly raw: ReadonlySet<string>; readonly clean: ReadonlySet<string>; readonly dlq: ReadonlySet<string> },
): LossLocation {
  let notOnRaw = 0;
  let onRawOnly = 0;
  let onDlq = 0;
  let onClean = 0;
  for (const id of lost) {
    if (seen.clean.has(id)) onClean++;
    else if (seen.dlq.has(id)) onDlq++;
    else if (seen.raw.has(id)) onRawOnly++;
    else notOnRaw++;
  }
  return { notOnRaw, onRawOnly, onDlq, onClean };
}
