import type { Admin } from '@tweet-pipeline/kafka';

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
