import type { Consumer } from './client.js';
import type { Logger } from '@tweet-pipeline/observability';

/**
 * Stops fetching a partition and moves its position back to `offset`, so
 * that the records from there are delivered again once it is resumed: the
 * local form of "redeliver later", which the shared consumer loop lacks (it
 * resolves a batch's last offset whenever the handler returns).
 *
 * The order matters: the client's pause() queues its own seek to the last
 * resolved offset + 1, and queued operations run in order, so the seek issued
 * after it wins. A seek also marks the batch in flight as seeked, so the
 * client does not seek anywhere itself. Nothing is committed by either call.
 */
export function pauseAndRewind(consumer: Consumer, tp: TopicPartition, offset: string, log: Logger): void {
  if (!isAssigned(consumer, tp)) return;
  try {
    consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
    consumer.seek({ topic: tp.topic, partition: tp.partition, offset });
    log.info(
      { topic: tp.topic, partition: tp.partition, offset },
      'partition paused and rewound until the database is back',
    );
  } catch (err) {
    // Only when the consumer is disconnecting: nothing was committed, so the records come again anyway.
    log.warn({ err, topic: tp.topic, partition: tp.partition }, 'could not pause and rewind the partition');
  }
}

/** Resumes the partitions still assigned to this consumer; the others were revoked meanwhile. */
export function resumePartitions(consumer: Consumer, tps: readonly TopicPartition[], log: Logger): void {
  const assigned = tps.filter((tp) => isAssigned(consumer, tp));
  if (assigned.length === 0) return;
  const byTopic = new Map<string, number[]>();
  for (const tp of assigned) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  try {
    consumer.resume([...byTopic].map(([topic, partitions]) => ({ topic, partitions })));
    log.info({ partitions: assigned.map((tp) => tp.partition) }, 'partitions resumed');
  } catch (err) {
    log.warn({ err }, 'could not resume partitions');
  }
}

function isAssigned(consumer: Consumer, tp: TopicPartition): boolean {
  try {
    return consumer.assignment().some((a) => a.topic === tp.topic && a.partition === tp.partition);
  } catch {
    return false;
  }
}

/**
 * Resumes assigned partitions the client still lists as paused although no
 * outage holds them: a partition paused during an outage, revoked, and
 * assigned back must not stay silent. Resuming one that is not paused is a
 * no-op, so this is safe to call after any assignment.
 */
export function resumeStrays(consumer: Consumer, heldBack: (tp: TopicPartition) => boolean, log: Logger): void {
  let paused: TopicPartition[];
  try {
    paused = consumer.paused().flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
  } catch {
    return;
  }
  const strays = paused.filter((tp) => !heldBack(tp));
  if (strays.length > 0) resumePartitions(consumer, strays, log);
}

/** One partition of one topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}
