import type { Kafka } from '@tweet-pipeline/kafka';

export interface PartitionProgress {
  readonly partition: number;
  /** Next offset the group will read: 0 when it has committed nothing yet. */
  readonly committed: number;
  /** The partition's end (high watermark). */
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
 * For a topic written without transactions the offsets count records, so
 * `end - committed` is the lag in records.
 *
 * Read through a consumer client of the group that never joins it (no
 * subscribe: it takes no partition from the real members), not through an
 * admin client's `fetchOffsets`: with @confluentinc/kafka-javascript 1.10.1
 * that crashes the process (SIGSEGV) when the broker answers NOT_COORDINATOR,
 * as it does for a while after a restart.
 *
 * @throws the client's error when the broker or the group coordinator does not answer within `timeoutMs`.
 */
export async function groupProgress(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 5_000,
): Promise<GroupProgress> {
  const consumer = kafka.consumer({ kafkaJS: { groupId, autoCommit: false } });
  await consumer.connect();
  try {
    const admin = consumer.dependentAdmin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      const offsets = await consumer.committed(
        ends.map(({ partition }) => ({ topic, partition })),
        timeoutMs,
      );
      // Nothing committed reads as null or a negative logical offset: the group starts such a partition at 0.
      const committedBy = new Map(offsets.map((o) => [o.partition, Math.max(0, Number(o.offset ?? 0))]));
      const partitions = ends
        .map((p) => ({ partition: p.partition, committed: committedBy.get(p.partition) ?? 0, end: Number(p.high) }))
        .sort((a, b) => a.partition - b.partition);
      return {
        partitions,
        committed: partitions.reduce((sum, p) => sum + p.committed, 0),
        end: partitions.reduce((sum, p) => sum + p.end, 0),
        caughtUp: partitions.every((p) => p.committed >= p.end),
      };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
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
