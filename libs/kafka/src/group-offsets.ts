import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from './client.js';
import { KafkaPipelineError } from './errors.js';
import { GroupLagReader } from './group-lag-reader.js';

/** librdkafka's consumer group states, by the number describeGroups reports. */
const GROUP_STATES = ['unknown', 'preparing_rebalance', 'completing_rebalance', 'stable', 'dead', 'empty'] as const;
export type GroupState = (typeof GROUP_STATES)[number];

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: string;
}

/**
 * Fails unless the group has no member: offsets of a group in use cannot be
 * moved (its members would overwrite them), and a rebuild under a running
 * sink would race it.
 *
 * @throws KafkaPipelineError GROUP_ACTIVE with the state and member count.
 */
export async function assertGroupInactive(admin: Admin, groupId: string): Promise<GroupState> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups.find((g) => g.groupId === groupId);
  const state: GroupState = GROUP_STATES[Number(group?.state ?? 0)] ?? 'unknown';
  const members = group?.members.length ?? 0;
  if (members > 0 || (state !== 'empty' && state !== 'dead')) {
    throw new KafkaPipelineError(
      'GROUP_ACTIVE',
      `consumer group ${groupId} is ${state} with ${members} member(s): stop every sink instance first ` +
        '(after a crash, wait for the session timeout to expire them)',
    );
  }
  return state;
}

/** Where a rebuild starts per partition: the earliest retained record, or the first at or after `since`. */
export async function rebuildStartOffsets(admin: Admin, topic: string, since: Date | null): Promise<PartitionOffset[]> {
  const offsets =
    since === null
      ? (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low }))
      : (await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime())).map((p) => ({
          partition: p.partition,
          offset: p.offset,
        }));
  return offsets.sort((a, b) => a.partition - b.partition);
}

/**
 * The group's committed offsets on `topic`, for every partition; null where it
 * has none (a committed 0 reads as null too through this client: see
 * committedOffset). Read through a consumer client of the group that never
 * joins it (GroupLagReader); pass the Kafka client.
 *
 * @throws the client's error when the broker or the group coordinator does not answer.
 */
export async function committedOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<Map<number, string | null>> {
  const committed = new Map<number, string | null>();
  const reader = new GroupLagReader({ kafka, groupId });
  try {
    const partitions = (await reader.offsets(topic)).map((o) => o.partition).sort((a, b) => a - b);
    for (const c of await reader.committed(topic, partitions)) {
      committed.set(c.partition, BigInt(c.offset) >= 0n ? c.offset : null);
    }
  } finally {
    await reader.close();
  }
  return committed;
}

/**
 * Commits offsets for an inactive group. The client's admin API has no
 * "alter group offsets", so a short-lived consumer of the group that never
 * subscribes commits them; the broker accepts such a commit only while the
 * group has no members.
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
  offsets: readonly PartitionOffset[],
): Promise<void> {
  // A commit answered while the group coordinator is still loading (a broker just started) can
  // be lost without an error (seen here on a fresh broker): read it back, and commit again until
  // the group holds every offset.
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      if (await commitAndReadBack(kafka, groupId, topic, offsets)) return;
    } catch (err) {
      // NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS pass once the coordinator has loaded.
      failure = err;
    }
    if (attempt === COMMIT_ATTEMPTS) {
      throw new KafkaPipelineError(
        'OFFSETS_NOT_HELD',
        `group ${groupId}: offsets committed for ${topic} did not hold after ${attempt} attempts`,
        { cause: failure },
      );
    }
    await sleep(1_000 * attempt);
  }
}

async function commitAndReadBack(
  kafka: Kafka,
  groupId: string,
  topic: string,
  offsets: readonly PartitionOffset[],
): Promise<boolean> {
  const consumer = kafka.consumer({ kafkaJS: { groupId, autoCommit: false } });
  await consumer.connect();
  try {
    await consumer.commitOffsets(offsets.map((o) => ({ topic, partition: o.partition, offset: o.offset })));
  } finally {
    await consumer.disconnect();
  }
  const committed = await committedOffsets(kafka, groupId, topic);
  // A committed 0 reads back as null through this client (see committedOffsets).
  return offsets.every((o) => (committed.get(o.partition) ?? '0') === o.offset);
}

const COMMIT_ATTEMPTS = 5;
