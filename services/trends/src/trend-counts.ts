import type { CleanTweet } from '@tweet-pipeline/contracts';
import type { CounterDocument, CounterHit } from '@tweet-pipeline/mongo';

const MINUTE_MS = 60_000;

/** One document per (minute, hashtag) in `hashtag_trends`. */
export type TrendDocument = CounterDocument & { readonly minute: Date; readonly hashtag: string };

/** The UTC minute a tweet counts in: when it was posted, or when it was received if X did not say. Pure. */
export function minuteOf(tweet: Pick<CleanTweet, 'created_at' | 'received_at'>): Date {
  const ms = Date.parse(tweet.created_at ?? tweet.received_at);
  return new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
}

/** `_id` of a trend document: `2025-06-15T14:03Z|music`. Sorts by minute, readable in any shell. Pure. */
export function trendId(minute: Date, hashtag: string): string {
  return `${minute.toISOString().slice(0, 16)}Z|${hashtag}`;
}

/** One hit per distinct hashtag (case-insensitive): a trend counts tweets, not repetitions within one. Pure. */
export function hashtagHits(tweet: CleanTweet, offset: number): CounterHit[] {
  const minute = minuteOf(tweet);
  const tags = new Set(tweet.hashtags.map((tag) => tag.toLowerCase()).filter((tag) => tag.length > 0));
  return [...tags].map((hashtag) => ({ id: trendId(minute, hashtag), offset, fields: { minute, hashtag } }));
}
