import type { CleanTweet } from '@tweet-pipeline/contracts';

const MINUTE_MS = 60_000;

/** One tweet carrying one hashtag, at its place in the source partition. */
export interface HashtagHit {
  /** The trend document it counts in: `trendId(minute, hashtag)`. */
  readonly id: string;
  readonly minute: Date;
  readonly hashtag: string;
  /** Offset of the record in its `tweets.clean` partition. */
  readonly offset: number;
}

/** What one guarded update adds to one trend document. */
export interface TrendIncrement {
  readonly id: string;
  readonly minute: Date;
  readonly hashtag: string;
  readonly count: number;
  /** The document's watermark the increment was computed against; undefined = none yet. */
  readonly after: number | undefined;
}

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
export function hashtagHits(tweet: CleanTweet, offset: number): HashtagHit[] {
  const minute = minuteOf(tweet);
  const tags = new Set(tweet.hashtags.map((tag) => tag.toLowerCase()).filter((tag) => tag.length > 0));
  return [...tags].map((hashtag) => ({ id: trendId(minute, hashtag), minute, hashtag, offset }));
}

/**
 * The increments still missing from the trend documents. `watermarks` holds,
 * per document, the last offset of this partition it already counts: hits at
 * or below it were counted by an earlier delivery, whatever that delivery's
 * batch boundaries were, so they are skipped. Pure.
 */
export function planIncrements(hits: readonly HashtagHit[], watermarks: ReadonlyMap<string, number>): TrendIncrement[] {
  const plan = new Map<string, { -readonly [K in keyof TrendIncrement]: TrendIncrement[K] }>();
  for (const hit of hits) {
    const after = watermarks.get(hit.id);
    if (after !== undefined && hit.offset <= after) continue;
    const entry = plan.get(hit.id) ?? { id: hit.id, minute: hit.minute, hashtag: hit.hashtag, count: 0, after };
    entry.count++;
    plan.set(hit.id, entry);
  }
  return [...plan.values()];
}
