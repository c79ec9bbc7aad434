import { z } from 'zod';
import { TweetSources } from './headers.js';
import { tweetIdSchema } from './tweet-id.js';

/** CleanTweet v1: the value of `tweets.clean` and the document the sink stores (with `_id` = `id`). */
export const cleanTweetSchema = z.object({
  schema_version: z.literal(1),
  id: tweetIdSchema,
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
  matching_rules: z.array(z.object({ id: z.string(), tag: z.string().nullable() })),
  source: z.enum(TweetSources),
  received_at: z.iso.datetime(),
  filtered_at: z.iso.datetime(),
});

export type CleanTweet = z.infer<typeof cleanTweetSchema>;
export const CLEAN_TWEET_SCHEMA_VERSION = 1;
