import type { Admin } from '@tweet-pipeline/kafka';

type IsolationLevel = NonNullable<Parameters<Admin['fetchTopicOffsets']>[1]>['isolationLevel'];
// The client's IsolationLevel enum (READ_UNCOMMITTED = 0, READ_COMMITTED = 1); libs/kafka does not re-export it.
const READ_UNCOMMITTED = 0 as IsolationLevel;
const READ_COMMITTED = 1 as IsolationLevel;

/**
 * Partitions of `topic` that hold records of a transaction still open: there
 * the last stable offset (what a `read_committed` reader may reach) is below
 * the high watermark. Such a partition blocks `read_committed` readers until
 * the transaction commits, aborts or times out.
 */
export async function openTransactionPartitions(admin: Admin, topic: string): Promise<number[]> {
  const [high, stable] = await Promise.all([
    admin.fetchTopicOffsets(topic, { isolationLevel: READ_UNCOMMITTED }),
    admin.fetchTopicOffsets(topic, { isolationLevel: READ_COMMITTED }),
  ]);
  const stableBy = new Map(stable.map((p) => [p.partition, Number(p.offset)]));
  return high
    .filter((p) => (stableBy.get(p.partition) ?? 0) < Number(p.offset))
    .map((p) => p.partition)
    .sort((a, b) => a - b);
}
