import { cleanTweetSchema, type CleanTweet } from '@tweet-pipeline/contracts';

/**
 * A CleanTweet as the filter writes it (v2, or v1 as records written before
 * v2 still on the topic), with the fields a test cares about set; checked
 * against the contract so a test never feeds the service something the
 * filter could not have produced.
 */
export function cleanTweet(fields: {
  readonly id: string;
  readonly hashtags: readonly string[];
  readonly createdAt: string | null;
  readonly receivedAt?: string;
  readonly version?: 1 | 2;
}): CleanTweet {
  const receivedAt = fields.receivedAt ?? '2025-06-15T12:00:30.000Z';
  const text = `tweet ${fields.hashtags.map((tag) => `#${tag}`).join(' ')} music`;
  const v2 = {
    full_text: text,
    data: { id: fields.id, text, author_id: '4602771083', edit_history_tweet_ids: [fields.id] },
    includes: { users: [{ id: '4602771083', username: 'kat', name: 'Kat' }] },
    expansions: {
      author: { id: '4602771083', username: 'kat', name: 'Kat' },
      in_reply_to_user: null,
      mentioned_users: [],
      referenced_tweets: [],
      media: [],
      place: null,
      polls: [],
    },
    errors: [],
  };
  return cleanTweetSchema.parse({
    schema_version: fields.version ?? 2,
    ...(fields.version === 1 ? {} : v2),
    id: fields.id,
    text,
    lang: 'en',
    created_at: fields.createdAt,
    author: { id: '4602771083', username: 'kat', name: 'Kat' },
    hashtags: [...fields.hashtags],
    mentions: [],
    urls: [],
    tokens: ['tweet', ...fields.hashtags.map((tag) => `#${tag}`), 'music'],
    matched_keywords: ['music'],
    matching_rules: [{ id: '1377650087799754753', tag: null }],
    source: 'synthetic',
    received_at: receivedAt,
    filtered_at: receivedAt,
  });
}
