import type { Admin, GroupLagReader } from '@tweet-pipeline/kafka';

export interface PartitionProgress {
  readonly partition: number;
  /** Next offset the group will read: 0 when it has committed nothing yet. */
  readonly committed: number;
  /** The partition's end (last stable offset; the high watermark on a topic without transactions). */
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
 * How far a consumer group has committed on a topic, partition by partition.
 * For a topic written without transactions (as `tweets.raw` is) the offsets
 * count records, so `end - committed` is the lag in records. Read through a
 * GroupLagReader of the group (libs/kafka), not the admin API's
 * `fetchOffsets`, which can crash the process after a broker restart.
 */
export async function groupProgress(reader: GroupLagReader, topic: string): Promise<GroupProgress> {
  const ends = await reader.offsets(topic);
  const offsets = await reader.committed(
    topic,
    ends.map((p) => p.partition),
  );
  // -1 means "nothing committed": the group starts such a partition from its beginning.
  const committedBy = new Map(offsets.map((o) => [o.partition, Math.max(0, Number(o.offset))]));
  const partitions = ends
    .map((p) => ({ partition: p.partition, committed: committedBy.get(p.partition) ?? 0, end: Number(p.end) }))
    .sort((a, b) => a.partition - b.partition);
  const committed = partitions.reduce((sum, p) => sum + p.committed, 0);
  const end = partitions.reduce((sum, p) => sum + p.end, 0);
  return { partitions, committed, end, caughtUp: partitions.every((p) => p.committed >= p.end) };
}

/** The partitions of `topic` the group member with `clientId` holds now; empty when it is not a member. */
export async function memberPartitions(
  admin: Admin,
  groupId: string,
  clientId: string,
  topic: string,
): Promise<number[]> {
  const { groups } = await admin.describeGroups([groupId]);
  const member = groups[0]?.members.find((m) => m.clientId === clientId);
  return (member?.assignment.topicPartitions ?? []).filter((tp) => tp.topic === topic).map((tp) => tp.partition);
}
