import { hostname } from 'node:os';
import { z } from 'zod';
import { commonEnvShape, fields, topicsConfig, topicsEnvShape } from './fields.js';
import { loadKafkaSecurity } from './kafka-security.js';
import { loadMongoConnection, mongoConnectionEnvShape } from './mongo-connection.js';
import { deepFreeze, parseEnv, resolveFileVariables, type Env } from './parse-env.js';

/** The defaults a consumer service chooses; everything else is shared by every consumer group. */
export interface ConsumerDefaults<S extends z.ZodRawShape> {
  /** `trends` → variables `TRENDS_PORT`, `TRENDS_GROUP_ID`…, group `tweet-pipeline-trends`. */
  readonly service: string;
  /** Default port of /metrics, /healthz, /readyz (architecture.md lists the ones taken). */
  readonly port: number;
  /** Records per batch and partition handed to the handler. */
  readonly maxBatchSize?: number;
  /** The service's own variables (zod schemas keyed by variable name), parsed with the shared ones. */
  readonly settings?: S;
}

/**
 * Reads a consumer service's configuration: Kafka, topics, logging, its ops
 * port, consumer group, batch size, retry backoff, MongoDB (MONGODB_URI may
 * come from MONGODB_URI_FILE and is never logged unredacted) and grace period,
 * plus the service's own `settings`. Parsed once, at start.
 *
 * @throws ConfigError naming every invalid variable.
 */
export function loadConsumerConfig<S extends z.ZodRawShape = Record<never, never>>(
  env: Env,
  defaults: ConsumerDefaults<S>,
) {
  const prefix = defaults.service.toUpperCase().replaceAll('-', '_');
  const name = (suffix: string): string => `${prefix}_${suffix}`;
  const shared = z.object({
    ...commonEnvShape,
    ...topicsEnvShape,
    MONGODB_URI: mongoConnectionEnvShape.MONGODB_URI,
    MONGODB_DATABASE: z.string().default('tweet_pipeline'),
    SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
  });
  const scopedShape = {
    [name('PORT')]: fields.port(defaults.port),
    [name('GROUP_ID')]: z.string().default(`tweet-pipeline-${defaults.service}`),
    [name('MAX_BATCH_SIZE')]: fields.positiveInt(defaults.maxBatchSize ?? 1_000),
    [name('RETRY_MIN_MS')]: fields.positiveInt(100),
    [name('RETRY_MAX_MS')]: fields.positiveInt(30_000),
  };
  const own = defaults.settings ?? ({} as S);
  const schema = shared
    .extend(scopedShape)
    .extend(own)
    .superRefine((vars, ctx) => {
      const v = vars as Record<string, unknown>;
      if ((v[name('RETRY_MAX_MS')] as number) < (v[name('RETRY_MIN_MS')] as number)) {
        ctx.addIssue({ code: 'custom', path: [name('RETRY_MAX_MS')], message: `must be >= ${name('RETRY_MIN_MS')}` });
      }
    });
  const parsed = parseEnv(schema, resolveFileVariables(env, ['MONGODB_URI'])) as Readonly<Record<string, unknown>>;
  // The shared variables have fixed names; the scoped and own ones are read back by name.
  const e = parsed as z.output<typeof shared>;
  const scoped = (suffix: string) => parsed[name(suffix)] as number;
  const settings = Object.fromEntries(Object.keys(own).map((key) => [key, parsed[key]])) as z.output<z.ZodObject<S>>;
  return deepFreeze({
    service: defaults.service,
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-${defaults.service}-${hostname()}`,
      security: loadKafkaSecurity(env),
    },
    topics: topicsConfig(e),
    logLevel: e.LOG_LEVEL,
    port: scoped('PORT'),
    groupId: parsed[name('GROUP_ID')] as string,
    maxBatchSize: scoped('MAX_BATCH_SIZE'),
    retry: { minMs: scoped('RETRY_MIN_MS'), maxMs: scoped('RETRY_MAX_MS') },
    mongo: { ...loadMongoConnection(env), database: e.MONGODB_DATABASE },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    settings,
  } as const);
}

export type ConsumerConfig<S extends z.ZodRawShape = Record<never, never>> = ReturnType<typeof loadConsumerConfig<S>>;
