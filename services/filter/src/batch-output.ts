import { dlqRecord, type KafkaMessage, type TopicMessages } from '@tweet-pipeline/kafka';
import type { BatchResult } from './process-batch.js';

export interface OutputTopics {
  readonly clean: string;
  readonly dedupeState: string;
  readonly dlq: string;
}

/**
 * Everything one input batch produces, for one transaction: the clean
 * tweets, a dedupe-state record per new id — to the same partition number as
 * the input (co-partitioning, not key hashing) — and the DLQ records.
 */
export function batchOutput(
  result: BatchResult,
  input: { readonly topic: string; readonly partition: number; readonly messages: readonly KafkaMessage[] },
  topics: OutputTopics,
  service: string,
  now: number,
): TopicMessages[] {
  const out: TopicMessages[] = [];
  if (result.clean.length > 0) {
    out.push({
      topic: topics.clean,
      messages: result.clean.map((tweet) => ({ key: tweet.id, value: JSON.stringify(tweet) })),
    });
  }
  if (result.newIds.length > 0) {
    const firstSeen = String(now);
    out.push({
      topic: topics.dedupeState,
      messages: result.newIds.map((id) => ({ key: id, value: firstSeen, partition: input.partition })),
    });
  }
  if (result.invalid.length > 0) {
    const byOffset = new Map(input.messages.map((m) => [m.offset, m]));
    out.push({
      topic: topics.dlq,
      messages: result.invalid.map(({ record, code, reason }) => {
        const original = byOffset.get(record.offset);
        return dlqRecord({
          key: original?.key ?? null,
          value: original?.value ?? null,
          code,
          reason,
          sourceTopic: input.topic,
          sourcePartition: input.partition,
          sourceOffset: record.offset,
          service,
        });
      }),
    });
  }
  return out;
}
