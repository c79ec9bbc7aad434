import {
  CLEAN_TWEET_SCHEMA_VERSION,
  type CleanTweetV2,
  type RawStreamMessage,
  type TweetSource,
} from '@tweet-pipeline/contracts';
import { toXObject } from './x/json-copy.js';
import type { PostBody } from './x/long-post.js';
import { resolveExpansions } from './x/resolve-expansions.js';

export interface Enrichment {
  /** The text and entities the post's rules and tokens were read from (see `postBody`). */
  readonly body: PostBody;
  readonly tokens: readonly string[];
  readonly matchedKeywords: readonly string[];
  readonly source: TweetSource;
  readonly receivedAt: number;
  readonly filteredAt: number;
}

/**
 * Maps a validated raw message to CleanTweet v2: the whole `data`, `includes`
 * and `errors` as received, the expansions resolved, and the derived fields.
 * Pure.
 */
export function toCleanTweet(message: RawStreamMessage, enrichment: Enrichment): CleanTweetV2 {
  const tweet = message.data;
  const { entities } = enrichment.body;
  const author = message.includes?.users?.find((user) => user.id === tweet.author_id);
  const hashtags =
    entities?.hashtags?.map((h) => h.tag.toLowerCase()) ??
    enrichment.tokens.filter((t) => t.startsWith('#')).map((t) => t.slice(1));
  const mentions = entities?.mentions?.map((m) => m.username) ?? [];
  const errors = (message as { errors?: unknown }).errors;
  return {
    schema_version: CLEAN_TWEET_SCHEMA_VERSION,
    id: tweet.id,
    text: tweet.text,
    lang: tweet.lang ?? null,
    created_at: tweet.created_at ?? null,
    author: { id: tweet.author_id ?? null, username: author?.username ?? null, name: author?.name ?? null },
    hashtags: [...new Set(hashtags)],
    mentions,
    urls: entities?.urls?.map((u) => u.expanded_url ?? u.url) ?? [],
    tokens: [...enrichment.tokens],
    matched_keywords: [...enrichment.matchedKeywords],
    matching_rules: (message.matching_rules ?? []).map((rule) => ({ id: rule.id, tag: rule.tag ?? null })),
    source: enrichment.source,
    received_at: new Date(enrichment.receivedAt).toISOString(),
    filtered_at: new Date(enrichment.filteredAt).toISOString(),
    full_text: enrichment.body.text,
    data: toXObject(tweet) as CleanTweetV2['data'],
    includes: message.includes === undefined ? {} : toXObject(message.includes),
    expansions: resolveExpansions(message, mentions),
    errors: Array.isArray(errors) ? errors.filter(isObject).map(toXObject) : [],
  };
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
