import { z } from 'zod';
import { TweetSources } from './headers.js';
import { tweetIdSchema } from './tweet-id.js';

/**
 * The fields every CleanTweet version has, with the same meaning: what a
 * reader that only knows v1 reads (trends, the sink's indexes).
 */
const cleanTweetCoreShape = {
  id: tweetIdSchema,
  /** `data.text` as X sent it: at most the first 280 characters of a long post. */
  text: z.string(),
  lang: z.string().nullable(),
  created_at: z.iso.datetime({ offset: true }).nullable(),
  author: z.object({
    id: tweetIdSchema.nullable(),
    username: z.string().nullable(),
    name: z.string().nullable(),
  }),
  hashtags: z.array(z.string()),
  mentions: z.array(z.string()),
  urls: z.array(z.string()),
  tokens: z.array(z.string()),
  matched_keywords: z.array(z.string()),
  /** Rule ids are decimal strings: X's exceed 2^53. */
  matching_rules: z.array(z.object({ id: z.string(), tag: z.string().nullable() })),
  source: z.enum(TweetSources),
  received_at: z.iso.datetime(),
  filtered_at: z.iso.datetime(),
};

/** CleanTweet v1: a 12-field projection of the raw tweet (still read from older `tweets.clean` records). */
export const cleanTweetV1Schema = z.object({ schema_version: z.literal(1), ...cleanTweetCoreShape });

/** A JSON object as X sent it (keys and values untouched; integers beyond 2^53 as decimal strings). */
const xObjectSchema = z.record(z.string(), z.unknown());

/** The objects of `includes` one expansion of the post points at, resolved by id/media_key/place id/poll id. */
export const expansionsSchema = z.object({
  /** `author_id` → `includes.users`. */
  author: xObjectSchema.nullable(),
  /** `in_reply_to_user_id` → `includes.users`. */
  in_reply_to_user: xObjectSchema.nullable(),
  /** `entities.mentions[].username` (of `note_tweet` when present) → `includes.users`, once each. */
  mentioned_users: z.array(xObjectSchema),
  /** `referenced_tweets[]` → `includes.tweets`, and each one's `author_id` → `includes.users`. */
  referenced_tweets: z.array(
    z.object({
      type: z.string(),
      id: tweetIdSchema,
      tweet: xObjectSchema.nullable(),
      author: xObjectSchema.nullable(),
    }),
  ),
  /** `attachments.media_keys[]` → `includes.media`. */
  media: z.array(xObjectSchema),
  /** `geo.place_id` → `includes.places`. */
  place: xObjectSchema.nullable(),
  /** `attachments.poll_ids[]` → `includes.polls`. */
  polls: z.array(xObjectSchema),
});

/**
 * CleanTweet v2: everything X sent about the post, and beside it what the
 * pipeline derives. A superset of v1: every v1 field is present with the same
 * meaning. See docs/architecture.md "CleanTweet v2".
 */
export const cleanTweetV2Schema = z.object({
  schema_version: z.literal(2),
  ...cleanTweetCoreShape,
  /** The text rules, tokens, hashtags, mentions and urls were read from: `note_tweet.text` when sent, else `text`. */
  full_text: z.string(),
  /** The whole `data` object as received: every requested `tweet.fields`. */
  data: z.looseObject({ id: tweetIdSchema, text: z.string() }),
  /** The whole `includes` object as received. */
  includes: z.record(z.string(), z.unknown()),
  expansions: expansionsSchema,
  /** X's partial errors of the message (e.g. a referenced post that is no longer visible). */
  errors: z.array(xObjectSchema),
});

export const cleanTweetSchema = z.discriminatedUnion('schema_version', [cleanTweetV1Schema, cleanTweetV2Schema]);

export type CleanTweetV1 = z.infer<typeof cleanTweetV1Schema>;
export type CleanTweetV2 = z.infer<typeof cleanTweetV2Schema>;
export type CleanTweetExpansions = z.infer<typeof expansionsSchema>;
/** Any CleanTweet version a consumer accepts; read v2-only fields after checking `schema_version`. */
export type CleanTweet = CleanTweetV1 | CleanTweetV2;
/** The version the filter writes. */
export const CLEAN_TWEET_SCHEMA_VERSION = 2;
/** The versions `parseClean` accepts; any other goes to the DLQ with the reason. */
export const KNOWN_CLEAN_TWEET_VERSIONS = [1, 2] as const;
