import { MAX_RECORD_BYTES } from '@tweet-pipeline/contracts';
import type { ITopicConfig } from './client.js';

/**
 * A record batch's fixed header (v2: base offset, length, epoch, magic, CRC,
 * attributes, offsets, timestamps, producer id/epoch, sequence, count). The
 * broker compares `max.message.bytes` with the whole batch, so the largest
 * record fits only with this much room beside it.
 */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

/** The smallest `max.message.bytes` that takes the pipeline's largest record alone in a batch. */
export const MIN_MAX_MESSAGE_BYTES = MAX_RECORD_BYTES + RECORD_BATCH_OVERHEAD_BYTES;

/** What an existing topic is: its partition count and its configuration as the broker describes it. */
export interface ExistingTopic {
  readonly name: string;
  readonly partitions: number;
  /** `name → value` of the topic's effective configuration; undefined when it could not be read. */
  readonly configs?: ReadonlyMap<string, string>;
}

/** One setting of one topic that does not fit what the pipeline needs. */
export interface TopicMismatch {
  readonly topic: string;
  readonly setting: 'partitions' | 'cleanup.policy' | 'retention.ms' | 'max.message.bytes';
  readonly found: string;
  readonly needed: string;
  /** Why the pipeline needs it, for the operator. */
  readonly why: string;
}

/**
 * Compares existing topics with the specs the pipeline would create them
 * with. Only what breaks the pipeline is a mismatch: a different partition
 * count (the dedupe state is co-partitioned with its input), a compacted
 * topic missing `compact` (or a data topic that is compact-only), a retention
 * shorter than the spec asks (the dedupe window; seven days of data), and a
 * `max.message.bytes` the largest record does not fit. Settings the broker
 * did not report are not judged. Pure.
 */
export function compareTopics(specs: readonly ITopicConfig[], existing: readonly ExistingTopic[]): TopicMismatch[] {
  const mismatches: TopicMismatch[] = [];
  for (const spec of specs) {
    const topic = existing.find((t) => t.name === spec.topic);
    if (topic === undefined) continue;
    const add = (setting: TopicMismatch['setting'], found: string, needed: string, why: string) =>
      mismatches.push({ topic: spec.topic, setting, found, needed, why });
    if (spec.numPartitions !== undefined && spec.numPartitions > 0 && topic.partitions !== spec.numPartitions) {
      add(
        'partitions',
        String(topic.partitions),
        String(spec.numPartitions),
        'TOPIC_PARTITIONS: tweets.raw and the dedupe state are co-partitioned; another count breaks dedupe',
      );
    }
    if (topic.configs === undefined) continue;
    const wanted = new Map((spec.configEntries ?? []).map((entry) => [entry.name, entry.value]));
    const policy = topic.configs.get('cleanup.policy');
    const wantedPolicy = wanted.get('cleanup.policy') ?? 'delete';
    if (policy !== undefined) {
      const have = policySet(policy);
      const missing = [...policySet(wantedPolicy)].filter((p) => !have.has(p));
      // A data topic that also compacts keeps working; one that lost `compact` or only compacts does not.
      if (missing.includes('compact') || (!policySet(wantedPolicy).has('compact') && missing.includes('delete'))) {
        add(
          'cleanup.policy',
          policy,
          wantedPolicy,
          'the dedupe state is read back whole at start: it must be compacted',
        );
      }
    }
    const retention = topic.configs.get('retention.ms');
    const wantedRetention = wanted.get('retention.ms');
    if (retention !== undefined && wantedRetention !== undefined && shorter(retention, wantedRetention)) {
      add(
        'retention.ms',
        retention,
        `>= ${wantedRetention}`,
        'records would be deleted before the pipeline is done with them',
      );
    }
    const maxBytes = topic.configs.get('max.message.bytes');
    if (maxBytes !== undefined && Number(maxBytes) < MIN_MAX_MESSAGE_BYTES) {
      add(
        'max.message.bytes',
        maxBytes,
        `>= ${MIN_MAX_MESSAGE_BYTES}`,
        `the largest record (${MAX_RECORD_BYTES} bytes) plus the batch header must fit`,
      );
    }
  }
  return mismatches;
}

/** One line an operator can act on: topic, setting, value found, value needed, and why. */
export function describeMismatch(m: TopicMismatch): string {
  return `topic ${m.topic}: ${m.setting} is ${m.found}, the pipeline needs ${m.needed} (${m.why})`;
}

function policySet(policy: string): Set<string> {
  return new Set(
    policy
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

/** -1 is "forever": never shorter. Compared as BigInt so no value is rounded. */
function shorter(found: string, needed: string): boolean {
  if (!/^-?\d+$/.test(found) || !/^-?\d+$/.test(needed)) return false;
  if (found === '-1') return false;
  if (needed === '-1') return true;
  return BigInt(found) < BigInt(needed);
}
