import { z } from 'zod';
import { Topics } from '@tweet-pipeline/contracts';

/** Reusable field schemas, so every service reads the same variable the same way. */
export const fields = {
  // 0 asks the OS for a free port (tests run several instances side by side).
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  nonNegativeInt: (fallback: number) => z.coerce.number().int().nonnegative().default(fallback),
  ratio: (fallback: number) => z.coerce.number().min(0).max(1).default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
} as const;

/** Variables every service reads: where Kafka is, how to log, where to serve /metrics. */
export const commonEnvShape = {
  KAFKA_BROKERS: fields.list('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().optional(),
  LOG_LEVEL: fields.logLevel(),
} as const;

const HOUR_MS = 60 * 60 * 1000;

/**
 * Topic names and shape. Names are overridable so tests run on their own
 * random topics; production keeps the defaults of architecture.md.
 */
export const topicsEnvShape = {
  TOPIC_RAW: z.string().default(Topics.raw),
  TOPIC_CLEAN: z.string().default(Topics.clean),
  TOPIC_DEDUPE_STATE: z.string().default(Topics.dedupeState),
  TOPIC_DLQ: z.string().default(Topics.dlq),
  TOPIC_PARTITIONS: fields.positiveInt(12),
  TOPIC_REPLICATION_FACTOR: fields.positiveInt(1),
  DEDUPE_WINDOW_MS: fields.positiveInt(24 * HOUR_MS),
} as const;

export interface TopicsConfig {
  readonly names: { readonly raw: string; readonly clean: string; readonly dedupeState: string; readonly dlq: string };
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly dedupeWindowMs: number;
}

export function topicsConfig(env: {
  TOPIC_RAW: string;
  TOPIC_CLEAN: string;
  TOPIC_DEDUPE_STATE: string;
  TOPIC_DLQ: string;
  TOPIC_PARTITIONS: number;
  TOPIC_REPLICATION_FACTOR: number;
  DEDUPE_WINDOW_MS: number;
}): TopicsConfig {
  return {
    names: { raw: env.TOPIC_RAW, clean: env.TOPIC_CLEAN, dedupeState: env.TOPIC_DEDUPE_STATE, dlq: env.TOPIC_DLQ },
    partitions: env.TOPIC_PARTITIONS,
    replicationFactor: env.TOPIC_REPLICATION_FACTOR,
    dedupeWindowMs: env.DEDUPE_WINDOW_MS,
  };
}
