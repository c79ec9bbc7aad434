import { prepareTweet, type PreparedTweet } from '@tweet-pipeline/x-rules';
import { isJsonObject, objectsIn as objects, stringsIn } from './json-object.js';
import type { StoredTweet } from './tweet-store.js';

const texts = (items: ReturnType<typeof objects>, key: string): string[] =>
  items.flatMap((item) => stringsIn(item[key]));

/**
 * Cuts a stored tweet up for @tweet-pipeline/x-rules from ALL its fields (X
 * matches on the full tweet, whatever fields the client asked to receive).
 * Entities are passed only when the tweet has them, so that a bare injected
 * tweet is matched on what its text holds.
 */
export function prepareStoredTweet(tweet: StoredTweet): PreparedTweet {
  const data = tweet.data;
  const entities = isJsonObject(data['entities']) ? data['entities'] : undefined;
  const referenced = objects(data['referenced_tweets']);
  return prepareTweet({
    text: String(data['text']),
    lang: typeof data['lang'] === 'string' ? data['lang'] : null,
    ...(entities?.['hashtags'] !== undefined ? { hashtags: texts(objects(entities['hashtags']), 'tag') } : {}),
    ...(entities?.['mentions'] !== undefined ? { mentions: texts(objects(entities['mentions']), 'username') } : {}),
    ...(entities?.['urls'] !== undefined ? { hasLinks: objects(entities['urls']).length > 0 } : {}),
    authorUsername: tweet.authorUsername ?? null,
    authorId: typeof data['author_id'] === 'string' ? data['author_id'] : null,
    referencedTweetTypes: texts(referenced, 'type'),
  });
}
