import type { RawStreamMessage } from '@tweet-pipeline/contracts';

type Entities = NonNullable<RawStreamMessage['data']['entities']>;

/** What rules, tokens, hashtags, mentions and urls read from a post. */
export interface PostBody {
  readonly text: string;
  readonly entities: Entities | undefined;
}

/**
 * A long post's `text` is cut at 280 characters and its entities cover only
 * that cut; the whole text and its entities are in `note_tweet`, when X sent
 * it. Pure.
 */
export function postBody(message: RawStreamMessage): PostBody {
  const { data } = message;
  if (data.note_tweet !== undefined) return { text: data.note_tweet.text, entities: data.note_tweet.entities };
  return { text: data.text, entities: data.entities };
}
