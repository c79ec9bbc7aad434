import { hostname } from 'node:os';
import { z } from 'zod';
import {
  commonEnvShape,
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
  SINK_PORT: fields.port(9103),
  SINK_GROUP_ID: z.string().default('tweet-pipeline-sink'),
  SINK_MAX_BATCH_SIZE: fields.positiveInt(1_000),
  MONGODB_URI: z.string().startsWith('mongodb').default('mongodb://127.0.0.1:27017'),
  MONGODB_DATABASE: z.string().default('tweet_pipeline'),
  MONGODB_COLLECTION: z.string().default('tweets'),
  SINK_RETRY_MAX_MS: fields.positiveInt(30_000),
  SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
});

/** Sink configuration, parsed once at start; MONGODB_URI may come from MONGODB_URI_FILE. */
export function loadSinkConfig(env: Env) {
  const e = parseEnv(envSchema, resolveFileVariables(env, ['MONGODB_URI']));
  return {
    kafka: { brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-sink-${hostname()}` },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: e.SINK_PORT,
    groupId: e.SINK_GROUP_ID,
    maxBatchSize: e.SINK_MAX_BATCH_SIZE,
    mongo: { uri: e.MONGODB_URI, database: e.MONGODB_DATABASE, collection: e.MONGODB_COLLECTION },
    retryMaxMs: e.SINK_RETRY_MAX_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const;
}

export type SinkConfig = ReturnType<typeof loadSinkConfig>;
