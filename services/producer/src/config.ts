import { hostname } from 'node:os';
import { z } from 'zod';
import {
  commonEnvShape,
  fields,
  loadKafkaSecurity,
  parseEnv,
  resolveFileVariables,
  topicsConfig,
  topicsEnvShape,
  type Env,
} from '@tweet-pipeline/config';

export const SourceNames = ['synthetic', 'x-filtered-stream', 'x-recent-search', 'replay'] as const;
export type SourceName = (typeof SourceNames)[number];

const ruleSchema = z.object({ value: z.string().min(1), tag: z.string().nullable().optional() });
const rulesJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {"value","tag"}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(ruleSchema).max(1_000));

const envSchema = z
  .object({
    ...commonEnvShape,
    ...topicsEnvShape,
    PRODUCER_PORT: fields.port(9101),
    PRODUCER_SOURCES: fields.list('synthetic').pipe(z.array(z.enum(SourceNames)).min(1)),
    TOPIC_PRODUCER_CHECKPOINTS: z.string().default('tweets.producer-checkpoints'),
    SYNTHETIC_RATE: fields.positiveInt(500),
    SYNTHETIC_COUNT: fields.nonNegativeInt(0),
    SYNTHETIC_MUSIC_RATIO: fields.ratio(0.3),
    SYNTHETIC_DUPLICATE_RATIO: fields.ratio(0.05),
    SYNTHETIC_RICH_RATIO: fields.ratio(0),
    SYNTHETIC_INVALID_RATIO: fields.ratio(0.001),
    SYNTHETIC_SEED: z.coerce.number().int().optional(),
    SYNTHETIC_START_MS: z.coerce.number().int().positive().optional(),
    X_BEARER_TOKEN: z.string().min(1).optional(),
    X_API_BASE_URL: z.url().optional(),
    X_STREAM_RULES: rulesJson.default([{ value: 'music OR #music', tag: 'music' }]),
    X_STREAM_RULES_FILE: z.string().optional(),
    X_RULE_TAG_PREFIX: z.string().max(64).default('tweet-pipeline:'),
    X_STREAM_STALL_MS: fields.positiveInt(20_000),
    X_STREAM_MAX_FRAME_BYTES: fields.positiveInt(1024 * 1024),
    X_CREDITS_BACKOFF_MS: fields.positiveInt(15 * 60 * 1000),
    X_CLEAR_STALE_CONNECTIONS: fields.boolean(false),
    X_USAGE_POLL_MS: fields.nonNegativeInt(5 * 60 * 1000),
    // What data teams use (docs/architecture.md "CleanTweet v2"); note_tweet carries a long post's whole text.
    X_TWEET_FIELDS: fields.list(
      'attachments,author_id,context_annotations,conversation_id,created_at,edit_controls,edit_history_tweet_ids,' +
        'entities,geo,in_reply_to_user_id,lang,note_tweet,possibly_sensitive,public_metrics,referenced_tweets,' +
        'reply_settings,withheld',
    ),
    X_EXPANSIONS: fields.list(
      'author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys,attachments.poll_ids,' +
        'geo.place_id,in_reply_to_user_id,entities.mentions.username',
    ),
    X_USER_FIELDS: fields.list('username,name'),
    X_MEDIA_FIELDS: fields.list('media_key,type,url,preview_image_url,width,height,duration_ms,alt_text,variants'),
    X_PLACE_FIELDS: fields.list('id,full_name,name,country,country_code,place_type,geo'),
    X_POLL_FIELDS: fields.list('id,options,voting_status,end_datetime,duration_minutes'),
    X_SEARCH_QUERY: z.string().default('"Justin Bieber"'),
    X_SEARCH_INTERVAL_MS: fields.positiveInt(30_000),
    X_SEARCH_MAX_PAGES: fields.positiveInt(10),
    REPLAY_FILES: fields.list(''),
    PRODUCER_SPOOL_PATH: z.string().default('spool/producer.db'),
    PRODUCER_SPOOL_MAX_BYTES: fields.positiveInt(1024 ** 3),
    PRODUCER_SPOOL_SYNC: z.enum(['normal', 'full']).default('normal'),
    PRODUCER_BATCH_SIZE: fields.positiveInt(1_000),
    SHUTDOWN_GRACE_MS: fields.positiveInt(20_000),
  })
  .superRefine((e, ctx) => {
    const needsX = e.PRODUCER_SOURCES.some((s) => s.startsWith('x-'));
    if (needsX && e.X_BEARER_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['X_BEARER_TOKEN'],
        message: 'required by the x-* sources (or set X_BEARER_TOKEN_FILE)',
      });
    }
    if (e.PRODUCER_SOURCES.includes('replay') && e.REPLAY_FILES.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['REPLAY_FILES'], message: 'required by the replay source' });
    }
  });

/** Producer configuration, parsed once at start; X_BEARER_TOKEN may come from X_BEARER_TOKEN_FILE. */
export function loadProducerConfig(env: Env) {
  const e = parseEnv(envSchema, resolveFileVariables(env, ['X_BEARER_TOKEN']));
  const xFields = {
    'tweet.fields': e.X_TWEET_FIELDS,
    expansions: e.X_EXPANSIONS,
    'user.fields': e.X_USER_FIELDS,
    'media.fields': e.X_MEDIA_FIELDS,
    'place.fields': e.X_PLACE_FIELDS,
    'poll.fields': e.X_POLL_FIELDS,
  };
  return {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? `tweet-pipeline-producer-${hostname()}`,
      security: loadKafkaSecurity(env),
    },
    topics: topicsConfig(e),
    checkpointTopic: e.TOPIC_PRODUCER_CHECKPOINTS,
    logLevel: e.LOG_LEVEL,
    port: e.PRODUCER_PORT,
    sources: e.PRODUCER_SOURCES,
    synthetic: {
      ratePerSecond: e.SYNTHETIC_RATE,
      count: e.SYNTHETIC_COUNT,
      musicRatio: e.SYNTHETIC_MUSIC_RATIO,
      duplicateRatio: e.SYNTHETIC_DUPLICATE_RATIO,
      richRatio: e.SYNTHETIC_RICH_RATIO,
      invalidRatio: e.SYNTHETIC_INVALID_RATIO,
      seed: e.SYNTHETIC_SEED ?? Math.floor(Math.random() * 2 ** 31),
      // Ids grow from this time like X snowflakes; a test fixes it to know the ids in advance.
      startMs: e.SYNTHETIC_START_MS ?? Date.now(),
    },
    x: {
      bearerToken: e.X_BEARER_TOKEN ?? '',
      ...(e.X_API_BASE_URL === undefined ? {} : { baseUrl: e.X_API_BASE_URL }),
      rules: e.X_STREAM_RULES,
      rulesFile: e.X_STREAM_RULES_FILE,
      ruleTagPrefix: e.X_RULE_TAG_PREFIX,
      stallMs: e.X_STREAM_STALL_MS,
      maxFrameBytes: e.X_STREAM_MAX_FRAME_BYTES,
      creditsBackoffMs: e.X_CREDITS_BACKOFF_MS,
      clearStaleConnections: e.X_CLEAR_STALE_CONNECTIONS,
      usagePollMs: e.X_USAGE_POLL_MS,
      fields: xFields,
      search: { query: e.X_SEARCH_QUERY, intervalMs: e.X_SEARCH_INTERVAL_MS, maxPages: e.X_SEARCH_MAX_PAGES },
    },
    replayFiles: e.REPLAY_FILES,
    spool: { path: e.PRODUCER_SPOOL_PATH, maxBytes: e.PRODUCER_SPOOL_MAX_BYTES, sync: e.PRODUCER_SPOOL_SYNC },
    batchSize: e.PRODUCER_BATCH_SIZE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  } as const;
}

export type ProducerConfig = ReturnType<typeof loadProducerConfig>;

/**
 * Reads a rules file (a JSON array of {"value","tag"}), for X_STREAM_RULES_FILE.
 *
 * @throws Error naming the file when it is not such an array.
 */
export function parseRulesFile(text: string, file: string): z.infer<typeof ruleSchema>[] {
  const parsed = rulesJson.safeParse(text);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid rules'}`);
  return parsed.data;
}
