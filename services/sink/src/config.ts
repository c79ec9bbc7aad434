import { hostname } from 'node:os';
import { z } from 'zod';
import {
  commonEnvShape,
  deepFreeze,
  fields,
  loadKafkaSecurity,
  loadMongoConnection,
  mongoConnectionEnvShape,
  parseEnv,
  resolveFileVariables,
  topicsConfig,
  topicsEnvShape,
  type Env,
} from '@tweet-pipeline/config';
import type { MongoClientOptions } from '@tweet-pipeline/mongo';
import { parseWriteConcern } from './write-concern.js';

const DAY_SECONDS = 24 * 60 * 60;

const envSchema = z
  .object({
    ...commonEnvShape,
    ...topicsEnvShape,
    SINK_PORT: fields.port(9103),
    SINK_GROUP_ID: z.string().default('tweet-pipeline-sink'),
    SINK_MAX_BATCH_SIZE: fields.positiveInt(1_000),
    // 0 writes every fetched chunk at once (lowest latency, smallest writes).
    SINK_MAX_WAIT_MS: fields.nonNegativeInt(200),
    SINK_RETRY_MIN_MS: fields.positiveInt(200),
    SINK_RETRY_MAX_MS: fields.positiveInt(30_000),
    SINK_WRITE_TIMEOUT_MS: fields.positiveInt(30_000),
    // 0 keeps documents forever.
    SINK_TTL_DAYS: fields.nonNegativeInt(0),
    MONGODB_URI: mongoConnectionEnvShape.MONGODB_URI,
    MONGODB_DATABASE: z.string().default('tweet_pipeline'),
    MONGODB_COLLECTION: z.string().default('tweets'),
    MONGODB_WRITE_CONCERN: z.string().default('majority'),
    MONGODB_WRITE_CONCERN_TIMEOUT_MS: fields.positiveInt(10_000),
    SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
  })
  .superRefine((env, ctx) => {
    if (env.SINK_RETRY_MAX_MS < env.SINK_RETRY_MIN_MS) {
      ctx.addIssue({ code: 'custom', path: ['SINK_RETRY_MAX_MS'], message: 'must be >= SINK_RETRY_MIN_MS' });
    }
    const concern = parseWriteConcern(env.MONGODB_WRITE_CONCERN, env.MONGODB_WRITE_CONCERN_TIMEOUT_MS);
    if (!concern.ok) ctx.addIssue({ code: 'custom', path: ['MONGODB_WRITE_CONCERN'], message: concern.reason });
  });

/**
 * Sink configuration, parsed once at start. MongoDB's TLS and credentials
 * come from the connection string or the MONGODB_USERNAME/PASSWORD/TLS_*
 * variables (loadMongoConnection; the secrets also from `*_FILE`); the
 * string is never logged unredacted.
 *
 * @throws ConfigError naming every invalid variable.
 */
export function loadSinkConfig(env: Env) {
  const e = parseEnv(envSchema, resolveFileVariables(env, ['MONGODB_URI']));
  const concern = parseWriteConcern(e.MONGODB_WRITE_CONCERN, e.MONGODB_WRITE_CONCERN_TIMEOUT_MS);
  // Checked by the schema; this narrows the type.
  if (!concern.ok) throw new Error(concern.reason);
  return deepFreeze({
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-sink-${hostname()}`,
      security: loadKafkaSecurity(env),
    },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: e.SINK_PORT,
    groupId: e.SINK_GROUP_ID,
    batch: { maxSize: e.SINK_MAX_BATCH_SIZE, maxWaitMs: e.SINK_MAX_WAIT_MS },
    retry: { minMs: e.SINK_RETRY_MIN_MS, maxMs: e.SINK_RETRY_MAX_MS },
    mongo: {
      ...loadMongoConnection(env),
      database: e.MONGODB_DATABASE,
      collection: e.MONGODB_COLLECTION,
      writeConcern: concern.settings,
      writeTimeoutMs: e.SINK_WRITE_TIMEOUT_MS,
    },
    ttlSeconds: e.SINK_TTL_DAYS === 0 ? null : e.SINK_TTL_DAYS * DAY_SECONDS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const);
}

export type SinkConfig = ReturnType<typeof loadSinkConfig>;

/** The sink's MongoDB client: a write slower than SINK_WRITE_TIMEOUT_MS counts as "database unavailable". */
export function sinkMongoClientOptions(config: SinkConfig): MongoClientOptions {
  const { uri, auth, tls } = config.mongo;
  return {
    uri,
    ...(auth !== undefined && { auth }),
    ...(tls !== undefined && { tls }),
    appName: 'tweet-pipeline-sink',
    socketTimeoutMs: config.mongo.writeTimeoutMs,
  };
}
