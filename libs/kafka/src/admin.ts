import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@tweet-pipeline/observability';
import type { Admin, ITopicConfig, Kafka } from './client.js';
import { clientOptionsOf } from './client.js';
import { KafkaPipelineError, isRetriableKafkaError } from './errors.js';
import { compareTopics, describeMismatch, type ExistingTopic } from './topic-config-check.js';
import { topicConfigReader, type TopicConfigReader } from './topic-config-reader.js';

export interface EnsureTopicsOptions {
  /** How long to wait for created topics to have a leader on every partition; 30 s by default. */
  readonly readyTimeoutMs?: number;
  /** Time between two metadata checks while waiting. */
  readonly pollMs?: number;
  /**
   * Reads existing topics' configuration for the start-up check; by default a
   * reader on the brokers `kafka` was made with (createKafka). A reader that
   * fails is logged and the configuration left unchecked (partitions still are).
   */
  readonly readConfigs?: TopicConfigReader;
}

/**
 * Creates the topics that are missing and checks those that exist against
 * the specs (compareTopics): partition count, `cleanup.policy`, retention and
 * `max.message.bytes`. A mismatch is an error, not a warning: the filter's
 * dedupe state is co-partitioned with its input and must be compacted, and a
 * wrong setting silently breaks dedupe or refuses the largest records.
 *
 * Returns only once every topic it created (or saw another service create)
 * has a leader on each partition: createTopics answers before the partitions
 * are usable, and a consumer that subscribes in that gap sees an unknown topic
 * and, with librdkafka's default `topic.metadata.refresh.interval.ms`, does
 * not look again for 5 minutes.
 *
 * @throws KafkaPipelineError TOPIC_PARTITIONS_MISMATCH or TOPIC_CONFIG_MISMATCH
 *   (one message naming topic, setting, value found and value needed); TOPIC_NOT_READY
 *   (retriable) when the leaders are not there within `readyTimeoutMs`; the
 *   client's error when the broker cannot be reached (retriable by code, see
 *   isRetriableKafkaError).
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly ITopicConfig[],
  log: Logger,
  options: EnsureTopicsOptions = {},
): Promise<void> {
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
      await waitForLeaders(admin, missing, options);
    }
    const present = specs.filter((spec) => existing.has(spec.topic));
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
    const configs = await readConfigsOrWarn(kafka, present, log, options.readConfigs);
    const found: ExistingTopic[] = metadata.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.length,
      configs: configs?.get(topic.name),
    }));
    const mismatches = compareTopics(present, found);
    if (mismatches.length > 0) {
      const first = mismatches[0]!;
      throw new KafkaPipelineError(
        first.setting === 'partitions' ? 'TOPIC_PARTITIONS_MISMATCH' : 'TOPIC_CONFIG_MISMATCH',
        mismatches.map(describeMismatch).join('; '),
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** The existing topics' configuration, or undefined (logged) when it cannot be read: the check then skips it. */
async function readConfigsOrWarn(
  kafka: Kafka,
  specs: readonly ITopicConfig[],
  log: Logger,
  reader: TopicConfigReader | undefined,
): Promise<Map<string, Map<string, string>> | undefined> {
  const clientOptions = clientOptionsOf(kafka);
  const read = reader ?? (clientOptions === undefined ? undefined : topicConfigReader(clientOptions));
  if (read === undefined) return undefined;
  try {
    return await read(specs.map((spec) => spec.topic));
  } catch (err) {
    log.warn(
      { err, topics: specs.map((spec) => spec.topic) },
      "cannot read the topics' configuration (DescribeConfigs); cleanup.policy, retention and max.message.bytes are not checked",
    );
    return undefined;
  }
}

/** Polls the topics' metadata until each has its partitions, every one with a leader. */
async function waitForLeaders(
  admin: Admin,
  specs: readonly ITopicConfig[],
  options: EnsureTopicsOptions,
): Promise<void> {
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let notReady: string[] = specs.map((spec) => spec.topic);
  let lastError: unknown;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({
        topics: notReady,
        timeout: Math.max(1_000, Math.min(5_000, deadline - Date.now())),
      });
      notReady = notReady.filter((name) => {
        const topic = metadata.find((t) => t.name === name);
        const want = specs.find((spec) => spec.topic === name)?.numPartitions;
        return !topicReady(topic?.partitions ?? [], want);
      });
      if (notReady.length === 0) return;
    } catch (err) {
      // Right after creation the broker may still answer "unknown topic".
      if (!isRetriableKafkaError(err)) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new KafkaPipelineError(
        'TOPIC_NOT_READY',
        `topics ${notReady.join(', ')} have no leader on every partition ${timeoutMs} ms after creation`,
        { cause: lastError },
      );
    }
    await sleep(options.pollMs ?? 100);
  }
}

/** All expected partitions are listed and each has a leader (-1: none elected yet). */
export function topicReady(partitions: readonly { leader: number }[], numPartitions: number | undefined): boolean {
  const expected = numPartitions === undefined || numPartitions < 1 ? 1 : numPartitions;
  return partitions.length >= expected && partitions.every((p) => p.leader >= 0);
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

/**
 * Deletes those of `topics` that exist, best effort: failures are ignored (the
 * broker may already be gone). For cleaning up what a test or a drill created.
 */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const mine = topics.filter((t) => existing.has(t));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } catch {
    // best effort cleanup
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
