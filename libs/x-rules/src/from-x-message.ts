import type { MatchableTweet } from './prepare.js';

/** The entities of a post (or of its `note_tweet`) that rules look at. */
export interface XEntitiesLike {
  readonly hashtags?: readonly { readonly tag: string }[];
  readonly mentions?: readonly { readonly username: string }[];
  readonly urls?: readonly unknown[];
}

/** The parts of an X API v2 stream message (`data` + `includes`) that rules look at. */
export interface XMessageLike {
  readonly data: {
    readonly text: string;
    /** A long post's whole text and entities; `text` and `entities` then cover only its first 280 characters. */
    readonly note_tweet?: { readonly text: string; readonly entities?: XEntitiesLike | undefined } | undefined;
    readonly lang?: string | null;
    readonly author_id?: string;
    readonly entities?: XEntitiesLike;
    readonly referenced_tweets?: readonly { readonly type: string }[];
  };
  readonly includes?: { readonly users?: readonly { readonly id: string; readonly username: string }[] };
}

/**
 * Maps an X v2 message to what the matcher needs. Entities, when X sent them,
 * are the truth for hashtags and mentions (as X matches); otherwise the
 * matcher reads them from the text. A long post is matched on its whole
 * text (`note_tweet`), as X matches it, not on the 280-character cut.
 */
export function matchableFromXMessage(message: XMessageLike): MatchableTweet {
  const { data } = message;
  const author = message.includes?.users?.find((user) => user.id === data.author_id);
  const text = data.note_tweet?.text ?? data.text;
  const entities = data.note_tweet === undefined ? data.entities : data.note_tweet.entities;
  return {
    text,
    lang: data.lang ?? null,
    ...(entities?.hashtags === undefined ? {} : { hashtags: entities.hashtags.map((h) => h.tag) }),
    ...(entities?.mentions === undefined ? {} : { mentions: entities.mentions.map((m) => m.username) }),
    authorUsername: author?.username ?? null,
    ...(data.author_id === undefined ? {} : { authorId: data.author_id }),
    referencedTweetTypes: (data.referenced_tweets ?? []).map((r) => r.type),
    hasLinks: (entities?.urls?.length ?? 0) > 0,
  };
}
