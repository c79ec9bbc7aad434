import {
  CLEAN_TWEET_SCHEMA_VERSION,
  type CleanTweet,
  type RawStreamMessage,
  type TweetSource,
} from '@tweet-pipeline/contracts';

export interface Enrichment {
  readonly tokens: readonly string[];
  readonly matchedKeywords: readonly string[];
  readonly source: TweetSource;
  readonly receivedAt: number;
  readonly filteredAt: number;
}

/** Maps a validated raw message to CleanTweet v1. Pure. */
export function toCleanTweet(message: RawStreamMessage, enrichment: Enrichment): CleanTweet {
  const tweet = message.data;
  const author = message.includes?.users?.find((user) => user.id === tweet.author_id);
  const hashtags =
    tweet.entities?.hashtags?.map((h) => h.tag.toLowerCase()) ??
    enrichment.tokens.filter((t) => t.startsWith('#')).map((t) => t.slice(1));
  return {
    schema_version: CLEAN_TWEET_SCHEMA_VERSION,
    id: tweet.id,
    text: tweet.text,
    lang: tweet.lang ?? null,
    created_at: tweet.created_at ?? null,
    author: { id: tweet.author_id ?? null, username: author?.username ?? null, name: author?.name ?? null },
    hashtags: [...new Set(hashtags)],
    mentions: tweet.entities?.mentions?.map((m) => m.username) ?? [],
    urls: tweet.entities?.urls?.map((u) => u.expanded_url ?? u.url) ?? [],
    tokens: [...enrichment.tokens],
    matched_keywords: [...enrichment.matchedKeywords],
    matching_rules: (message.matching_rules ?? []).map((rule) => ({ id: rule.id, tag: rule.tag ?? null })),
    source: enrichment.source,
    received_at: new Date(enrichment.receivedAt).toISOString(),
    filtered_at: new Date(enrichment.filteredAt).toISOString(),
  };
}
