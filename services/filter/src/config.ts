import { hostname } from 'node:os';
import { z } from 'zod';
import { RuleSet, validateRule } from '@tweet-pipeline/x-rules';
import {
  commonEnvShape,
  fields,
  loadKafkaSecurity,
  parseEnv,
  topicsConfig,
  topicsEnvShape,
  type Env,
} from '@tweet-pipeline/config';

const envSchema = z.object({
  ...commonEnvShape,
  ...topicsEnvShape,
  FILTER_PORT: fields.port(9102),
  FILTER_GROUP_ID: z.string().default('tweet-pipeline-filter'),
  FILTER_INSTANCE_ID: z.string().default(hostname()),
  FILTER_RULE: z
    .string()
    .default('music OR #music')
    .superRefine((value, ctx) => {
      const error = validateRule(value);
      if (error !== undefined) ctx.addIssue({ code: 'custom', message: `invalid X rule: ${error.message}` });
    }),
  FILTER_REMOVE_STOPWORDS: fields.boolean(false),
  FILTER_MAX_BATCH_SIZE: fields.positiveInt(500),
  FILTER_PARTITIONS_CONCURRENTLY: fields.positiveInt(12),
  FILTER_TRANSACTION_LINGER_MS: fields.nonNegativeInt(20),
  SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
});

/** Filter configuration, parsed once at start; see the service README for every variable. */
export function loadFilterConfig(env: Env) {
  const e = parseEnv(envSchema, env);
  return {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-filter-${e.FILTER_INSTANCE_ID}`,
      security: loadKafkaSecurity(env),
    },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: e.FILTER_PORT,
    groupId: e.FILTER_GROUP_ID,
    // Stable across restarts of one instance so a restart fences its own unfinished transaction at once.
    transactionalId: `${e.FILTER_GROUP_ID}-${e.FILTER_INSTANCE_ID}`,
    rules: {
      ruleSet: new RuleSet([{ value: e.FILTER_RULE, tag: 'filter' }]),
      removeStopwords: e.FILTER_REMOVE_STOPWORDS,
    },
    rule: e.FILTER_RULE,
    maxBatchSize: e.FILTER_MAX_BATCH_SIZE,
    partitionsConcurrently: e.FILTER_PARTITIONS_CONCURRENTLY,
    transactionLingerMs: e.FILTER_TRANSACTION_LINGER_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const;
}

export type FilterConfig = ReturnType<typeof loadFilterConfig>;
