import { hostname } from 'node:os';
import { z } from 'zod';
import { commonEnvShape, fields, parseEnv, topicsConfig, topicsEnvShape, type Env } from '@tweet-pipeline/config';

const envSchema = z.object({
  ...commonEnvShape,
  ...topicsEnvShape,
  PRODUCER_PORT: fields.port(9101),
  PRODUCER_SOURCES: fields.list('synthetic').pipe(z.array(z.enum(['synthetic'])).min(1)),
  SYNTHETIC_RATE: fields.positiveInt(500),
  SYNTHETIC_COUNT: fields.nonNegativeInt(0),
  SYNTHETIC_MUSIC_RATIO: fields.ratio(0.3),
  SYNTHETIC_DUPLICATE_RATIO: fields.ratio(0.05),
  SYNTHETIC_INVALID_RATIO: fields.ratio(0.001),
  SYNTHETIC_SEED: z.coerce.number().int().optional(),
  SYNTHETIC_START_MS: z.coerce.number().int().positive().optional(),
  PRODUCER_SPOOL_PATH: z.string().default('spool/producer.db'),
  PRODUCER_SPOOL_MAX_BYTES: fields.positiveInt(1024 ** 3),
  PRODUCER_SPOOL_SYNC: z.enum(['normal', 'full']).default('normal'),
  PRODUCER_BATCH_SIZE: fields.positiveInt(1_000),
  SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
});

/** Producer configuration, parsed once at start; see the service README for every variable. */
export function loadProducerConfig(env: Env) {
  const e = parseEnv(envSchema, env);
  return {
    kafka: { brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-producer-${hostname()}` },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: e.PRODUCER_PORT,
    sources: e.PRODUCER_SOURCES,
    synthetic: {
      ratePerSecond: e.SYNTHETIC_RATE,
      count: e.SYNTHETIC_COUNT,
      musicRatio: e.SYNTHETIC_MUSIC_RATIO,
      duplicateRatio: e.SYNTHETIC_DUPLICATE_RATIO,
      invalidRatio: e.SYNTHETIC_INVALID_RATIO,
      seed: e.SYNTHETIC_SEED ?? Math.floor(Math.random() * 2 ** 31),
      // Ids grow from this time like X snowflakes; a test fixes it to know the ids in advance.
      startMs: e.SYNTHETIC_START_MS ?? Date.now(),
    },
    spool: { path: e.PRODUCER_SPOOL_PATH, maxBytes: e.PRODUCER_SPOOL_MAX_BYTES, sync: e.PRODUCER_SPOOL_SYNC },
    batchSize: e.PRODUCER_BATCH_SIZE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const;
}

export type ProducerConfig = ReturnType<typeof loadProducerConfig>;
