import type { CleanTweet, CleanTweetV2 } from '@tweet-pipeline/contracts';

const BASE_ID = 1_900_000_000_000_000_000n;
const HASHTAGS = ['music', 'jazz', 'vinyl', 'concert', 'newmusic'] as const;

/** Tweet ids above 2^53, unique per (run seed, index): `seed` keeps concurrent tests apart. */
export function tweetId(seed: number, index: number): string {
  return (BASE_ID + BigInt(seed) * 10_000_000n + BigInt(index)).toString();
}

/**
 * A valid CleanTweet v2, as the filter writes it to `tweets.clean`.
 * Deterministic in `id` and `index`; `receivedAt` defaults to now.
 */
export function cleanTweet(id: string, index: number, overrides: Partial<CleanTweetV2> = {}): CleanTweetV2 {
  const hashtag = HASHTAGS[index % HASHTAGS.length]!;
  const received = overrides.received_at ?? new Date().toISOString();
  const text = overrides.text ?? `listening to #${hashtag} number ${index}`;
  const createdAt = new Date(Date.UTC(2026, 0, 1) + index * 1_000).toISOString();
  const author = {
    id: String(4_000_000_000 + (index % 997)),
    username: `user${index % 997}`,
    name: `User ${index % 997}`,
  };
  return {
    schema_version: 2,
    id,
    text,
    lang: 'en',
    created_at: createdAt,
    author,
    hashtags: [hashtag],
    mentions: [],
    urls: [],
    tokens: ['listening', 'to', `#${hashtag}`, 'number', String(index)],
    matched_keywords: [`#${hashtag}`],
    matching_rules: [{ id: '1377650087799754753', tag: 'music' }],
    source: 'synthetic',
    received_at: received,
    filtered_at: received,
    full_text: text,
    data: { id, text, author_id: author.id, created_at: createdAt, lang: 'en', edit_history_tweet_ids: [id] },
    includes: { users: [author] },
    expansions: {
      author,
      in_reply_to_user: null,
      mentioned_users: [],
      referenced_tweets: [],
      media: [],
      place: null,
      polls: [],
    },
    errors: [],
    ...overrides,
  };
}

/** The `tweets.clean` record of a tweet: keyed by its id, the JSON as value. */
export function cleanRecord(tweet: CleanTweet): { key: string; value: string } {
  return { key: tweet.id, value: JSON.stringify(tweet) };
}
