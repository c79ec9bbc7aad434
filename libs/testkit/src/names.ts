import { randomBytes } from 'node:crypto';

/** A name no other test run uses: each test gets its own topics, groups and database. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A database name no other test run uses: uniqueName with '_' for '-' (FerretDB allows no '-'). */
export function uniqueDatabaseName(prefix: string): string {
  return uniqueName(prefix).replaceAll('-', '_');
}

/** One test's pipeline topic names, in the shape services read from TOPIC_* variables. */
export interface TestTopics {
  raw: string;
  clean: string;
  dedupeState: string;
  dlq: string;
}

/** Topic names for one test, in the shape services read from TOPIC_* variables. */
export function testTopics(prefix = 'test'): TestTopics {
  const base = uniqueName(prefix);
  return { raw: `${base}.raw`, clean: `${base}.clean`, dedupeState: `${base}.dedupe-state`, dlq: `${base}.dlq` };
}

/** The environment a service reads to use those topics. */
export function topicEnv(topics: TestTopics, partitions: number): Record<string, string> {
  return {
    TOPIC_RAW: topics.raw,
    TOPIC_CLEAN: topics.clean,
    TOPIC_DEDUPE_STATE: topics.dedupeState,
    TOPIC_DLQ: topics.dlq,
    TOPIC_PARTITIONS: String(partitions),
  };
}

/**
 * The environment that points the producer, filter and sink of one test run at its own topics,
 * database, consumer groups and spool, on ports the OS picks, logging warnings only. Spread it
 * first: what the test adds after it wins.
 */
export function pipelineEnv(topics: TestTopics, partitions: number, database: string): Record<string, string> {
  return {
    ...topicEnv(topics, partitions),
    MONGODB_DATABASE: database,
    FILTER_GROUP_ID: `${database}-filter`,
    FILTER_INSTANCE_ID: `${database}-filter-0`,
    SINK_GROUP_ID: `${database}-sink`,
    PRODUCER_SPOOL_PATH: `/tmp/${database}/producer-spool.db`,
    PRODUCER_PORT: '0',
    FILTER_PORT: '0',
    SINK_PORT: '0',
    LOG_LEVEL: 'warn',
  };
}
