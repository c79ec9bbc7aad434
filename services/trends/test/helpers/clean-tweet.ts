import { cleanTweetSchema, type CleanTweet } from '@tweet-pipeline/contracts';

/**
 * A CleanTweet v1 as the filter writes it, with the fields a test cares
 * about set; checked against the contract so a test never feeds the service
 * something the filter could not have produced.
 */
export function cleanTweet(fields: {
  readonly id: string;
  readonly hashtags: readonly string[];
  readonly createdAt: string | null;
  readonly receivedAt?: string;
}): CleanTweet {
  const receivedAt = fields.receivedAt ?? '2025-06-15T12:00:30.000Z';
  return cleanTweetSchema.parse({
    schema_version: 1,
    id: fields.id,
    text: `tweet ${fields.hashtags.map((tag) => `#${tag}`).join(' ')} music`,
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
