/** What the broker says about one partition (offsets as decimal strings, as the client returns them). */
export interface PartitionOffsets {
  readonly partition: number;
  /** Last stable offset: the end a `read_committed` reader can reach (= high watermark without open transactions). */
  readonly end: string;
  /** Low watermark: the first offset still retained. */
  readonly low: string;
}

/** A group's committed offset of one partition; "-1" when the group has committed nothing there. */
export interface CommittedOffset {
  readonly partition: number;
  readonly offset: string;
}

export interface PartitionLag {
  readonly partition: number;
  readonly lag: number;
}

const NOTHING_COMMITTED = -1n;

/**
 * Records a group still has to read in one partition: end (last stable offset)
 * minus the committed offset, or minus the low watermark when the group has
 * committed nothing there (it starts from the beginning). Never negative: the
 * two offsets are fetched one after the other, and retention may have moved
 * the low watermark past an old commit (then the group restarts at `low`).
 *
 * Reported as is, with no correction for transaction markers: on a topic
 * written transactionally (tweets.clean) every commit marker takes an offset,
 * so a group that has read everything commits the offset of the marker and
 * shows lag 1 on each partition whose last entry is a marker, and more after
 * an aborted transaction until a committed record follows it. From offsets
 * alone a marker cannot be told apart from one unread record, so the number is
 * left honest and the alerts are made tolerant of it (they look at growth).
 */
export function partitionLag(offsets: PartitionOffsets, committed: string | undefined): number {
  const end = BigInt(offsets.end);
  const low = BigInt(offsets.low);
  const position = committed === undefined ? NOTHING_COMMITTED : BigInt(committed);
  const from = position === NOTHING_COMMITTED || position < low ? low : position;
  const lag = end - from;
  return lag > 0n ? Number(lag) : 0;
}

/** The lag of every partition of a topic, in partition order. */
export function topicLag(offsets: readonly PartitionOffsets[], committed: readonly CommittedOffset[]): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
  return [...offsets]
    .sort((a, b) => a.partition - b.partition)
    .map((o) => ({ partition: o.partition, lag: partitionLag(o, byPartition.get(o.partition)) }));
}
