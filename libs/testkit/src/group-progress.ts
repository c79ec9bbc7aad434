import { GroupLagReader, type Kafka } from '@tweet-pipeline/kafka';

export interface PartitionProgress {
  readonly partition: number;
  /** Next offset the group will read: 0 when it has committed nothing yet. */
  readonly committed: number;
  /** The partition's end (last stable offset: the high watermark on a topic without transactions). */
  readonly end: number;
}

export interface GroupProgress {
  readonly partitions: readonly PartitionProgress[];
  readonly committed: number;
  readonly end: number;
  /** True when every partition's committed offset is at its end: the group has nothing left to do. */
  readonly caughtUp: boolean;
}

/**
 * How far a consumer group has committed on a topic, partition by partition,
 * against each partition's last stable offset (the end a read_committed
 * reader sees, so transactional topics count right too). For a topic written
 * without transactions the offsets count records, so `end - committed` is the
 * lag in records.
 *
 * Read through libs/kafka's GroupLagReader (a consumer client of the group
 * that never joins it), not an admin client's `fetchOffsets`, which crashes
 * the process after a broker restart. Pass a reader to poll with one
 * connection, or the Kafka client for a one-off read.
 *
 * @throws the client's error when the broker or the group coordinator does not answer.
 */
export async function groupProgress(
  source: Kafka | GroupLagReader,
  groupId: string,
  topic: string,
): Promise<GroupProgress> {
  const reader = source instanceof GroupLagReader ? source : new GroupLagReader({ kafka: source, groupId });
  try {
    const ends = await reader.offsets(topic);
    const offsets = await reader.committed(
      topic,
      ends.map((p) => p.partition),
    );
    // Nothing committed reads as a negative offset: the group starts such a partition at 0.
    const committedBy = new Map(offsets.map((o) => [o.partition, Math.max(0, Number(o.offset))]));
    const partitions = ends
      .map((p) => ({ partition: p.partition, committed: committedBy.get(p.partition) ?? 0, end: Number(p.end) }))
      .sort((a, b) => a.partition - b.partition);
    return {
      partitions,
      committed: partitions.reduce((sum, p) => sum + p.committed, 0),
      end: partitions.reduce((sum, p) => sum + p.end, 0),
      caughtUp: partitions.every((p) => p.committed >= p.end),
    };
  } finally {
    if (reader !== source) await reader.close();
  }
}

/**
 * True when the group has committed, on every partition, the end of the topic:
 * everything produced so far was processed and committed. False while the
 * broker cannot say yet (a fresh broker answers "coordinator load in progress"
 * for a while), so it can be polled with waitFor.
 */
export async function groupCaughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  try {
    return (await groupProgress(kafka, groupId, topic)).caughtUp;
  } catch {
    return false;
  }
}
