import { z } from 'zod';
import { tweetIdSchema } from './tweet-id.js';

/**
 * X returns rule ids as strings; recordings made by twarc hold them as JSON
 * numbers beyond 2^53, which `parseJsonLossless` yields as BigInt.
 */
const ruleIdSchema = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform((id) => String(id));

const entitiesSchema = z.looseObject({
  hashtags: z.array(z.looseObject({ tag: z.string() })).optional(),
  mentions: z.array(z.looseObject({ username: z.string() })).optional(),
  urls: z.array(z.looseObject({ url: z.string(), expanded_url: z.string().optional() })).optional(),
});

export const rawTweetSchema = z.looseObject({
  id: tweetIdSchema,
  text: z.string().max(100_000),
  author_id: tweetIdSchema.optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  lang: z.string().optional(),
  entities: entitiesSchema.optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: tweetIdSchema })).optional(),
  /** A long post's full text and its entities (sent when `tweet.fields` has `note_tweet`); `text` is then cut at 280. */
  note_tweet: z.looseObject({ text: z.string().max(100_000), entities: entitiesSchema.optional() }).optional(),
  edit_history_tweet_ids: z.array(tweetIdSchema).optional(),
});

export const rawUserSchema = z.looseObject({
  id: tweetIdSchema,
  username: z.string(),
  name: z.string(),
});

/**
 * One message of the X API v2 filtered stream, as published on `tweets.raw`.
 * Unknown keys (twarc's `__twarc`, new X fields) are tolerated and kept.
 */
export const rawStreamMessageSchema = z.looseObject({
  data: rawTweetSchema,
  includes: z.looseObject({ users: z.array(rawUserSchema).optional() }).optional(),
  matching_rules: z.array(z.looseObject({ id: ruleIdSchema, tag: z.string().nullable().optional() })).optional(),
});

export type RawTweet = z.infer<typeof rawTweetSchema>;
export type RawUser = z.infer<typeof rawUserSchema>;
export type RawStreamMessage = z.infer<typeof rawStreamMessageSchema>;
