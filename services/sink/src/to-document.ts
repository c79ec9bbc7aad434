import type { CleanTweet } from '@tweet-pipeline/contracts';

/** The stored form of a CleanTweet: `_id` = tweet id (idempotent writes), times as BSON dates (range queries, TTL). */
export type TweetDocument = Omit<CleanTweet, 'created_at' | 'received_at' | 'filtered_at'> & {
  readonly _id: string;
  readonly created_at: Date | null;
  readonly received_at: Date;
  readonly filtered_at: Date;
};

export function toDocument(tweet: CleanTweet): TweetDocument {
  return {
    _id: tweet.id,
    ...tweet,
    created_at: tweet.created_at === null ? null : new Date(tweet.created_at),
    received_at: new Date(tweet.received_at),
    filtered_at: new Date(tweet.filtered_at),
  };
}
