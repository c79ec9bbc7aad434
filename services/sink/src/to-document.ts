import type { CleanTweet } from '@tweet-pipeline/contracts';
import { escapeStorageKeys } from './storage-keys.js';

/**
 * The stored form of a CleanTweet: `_id` = tweet id (idempotent writes), times
 * as BSON dates (range queries, TTL); in v2, the objects X sent (`data`,
 * `includes`, `expansions`, `errors`) with field names MongoDB refuses
 * escaped (`storage-keys.ts`).
 */
export type TweetDocument = DistributiveOmit<CleanTweet, 'created_at' | 'received_at' | 'filtered_at'> & {
  readonly _id: string;
  readonly created_at: Date | null;
  readonly received_at: Date;
  readonly filtered_at: Date;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function toDocument(tweet: CleanTweet): TweetDocument {
  const times = {
    created_at: tweet.created_at === null ? null : new Date(tweet.created_at),
    received_at: new Date(tweet.received_at),
    filtered_at: new Date(tweet.filtered_at),
  };
  if (tweet.schema_version === 1) return { _id: tweet.id, ...tweet, ...times };
  return {
    _id: tweet.id,
    ...tweet,
    ...times,
    data: escapeStorageKeys(tweet.data),
    includes: escapeStorageKeys(tweet.includes),
    expansions: escapeStorageKeys(tweet.expansions),
    errors: escapeStorageKeys(tweet.errors),
  };
}
