import { hostname } from 'node:os';
import { z } from 'zod';
import {
  commonEnvShape,
  deepFreeze,
  fields,
  parseEnv,
  resolveFileVariables,
  topicsConfig,
  topicsEnvShape,
  type Env,
} from '@tweet-pipeline/config';

const envSchema = z.object({
  ...commonEnvShape,
  ...topicsEnvShape,
  TRENDS_PORT: fields.port(9104),
  TRENDS_GROUP_ID: z.string().default('tweet-pipeline-trends'),
  TRENDS_MAX_BATCH_SIZE: fields.positiveInt(1_000),
  TRENDS_RETRY_MAX_MS: fields.positiveInt(30_000),
  TRENDS_COLLECTION: z.string().default('hashtag_trends'),
  MONGODB_URI: z.string().startsWith('mongodb').default('mongodb://127.0.0.1:27017'),
  MONGODB_DATABASE: z.string().default('tweet_pipeline'),
  SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
});

/**
 * Trends configuration, parsed once at start (MONGODB_URI may come from
 * MONGODB_URI_FILE; the string is never logged unredacted).
 *
 * @throws ConfigError naming every invalid variable.
 */
export function loadTrendsConfig(env: Env) {
  const e = parseEnv(envSchema, resolveFileVariables(env, ['MONGODB_URI']));
  return deepFreeze({
    kafka: { brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-trends-${hostname()}` },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: e.TRENDS_PORT,
    groupId: e.TRENDS_GROUP_ID,
    maxBatchSize: e.TRENDS_MAX_BATCH_SIZE,
    retryMaxMs: e.TRENDS_RETRY_MAX_MS,
    mongo: { uri: e.MONGODB_URI, database: e.MONGODB_DATABASE, collection: e.TRENDS_COLLECTION },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const);
}

export type TrendsConfig = ReturnType<typeof loadTrendsConfig>;
