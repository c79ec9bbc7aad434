import { IsolationLevel, type Admin } from './client.js';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Records a `read_committed` reader of the group has yet to process; a count, far below 2^53. */
  readonly lag: number;
}

/**
 * Lag of a consumer group on a topic, per partition, against the last stable
 * offset (what read_committed readers can see), so open transactions do not
 * count as work left.
 */
export async function consumerGroupLag(admin: Admin, groupId: string, topic: string): Promise<PartitionLag[]> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic, { isolationLevel: IsolationLevel.READ_COMMITTED }),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const positions = new Map(committed.flatMap((t) => t.partitions).map((p) => [p.partition, BigInt(p.offset)]));
  return ends.map((end) => {
    const position = positions.get(end.partition) ?? -1n;
    const from = position < 0n ? BigInt(end.low) : position;
    const lag = BigInt(end.high) - from;
    return { topic, partition: end.partition, lag: Number(lag > 0n ? lag : 0n) };
  });
}
