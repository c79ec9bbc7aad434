import type { Logger } from '@tweet-pipeline/observability';
import type { ITopicConfig, Kafka } from './client.js';
import { KafkaPipelineError } from './errors.js';

/**
 * Creates the topics that are missing and checks the partition count of those
 * that exist. A mismatch is an error, not a warning: the filter's dedupe state
 * is co-partitioned with its input, and a wrong count silently breaks dedupe.
 *
 * @throws KafkaPipelineError TOPIC_PARTITIONS_MISMATCH
 */
export async function ensureTopics(kafka: Kafka, specs: readonly ITopicConfig[], log: Logger): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: [...missing] });
        log.info({ topics: missing.map((spec) => spec.topic) }, 'created topics');
      } catch (err) {
        // Services start together and race to create the same topics; losing that race is fine.
        if (!isTopicAlreadyExists(err)) throw err;
      }
    }
    const present = specs.filter((spec) => existing.has(spec.topic));
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
    for (const topic of metadata) {
      const want = present.find((spec) => spec.topic === topic.name)?.numPartitions;
      if (want !== undefined && topic.partitions.length !== want) {
        throw new KafkaPipelineError(
          'TOPIC_PARTITIONS_MISMATCH',
          `topic ${topic.name} has ${topic.partitions.length} partitions, configuration says ${want}`,
        );
      }
    }
  } finally {
    await admin.disconnect();
  }
}

const TOPIC_ALREADY_EXISTS = 36;

function isTopicAlreadyExists(err: unknown): boolean {
  const { code, errors } = err as { code?: unknown; errors?: unknown };
  if (code === TOPIC_ALREADY_EXISTS) return true;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e) => (e as { code?: unknown }).code === TOPIC_ALREADY_EXISTS)
  );
}
