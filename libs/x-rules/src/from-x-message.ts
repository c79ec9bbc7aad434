import type { MatchableTweet } from './prepare.js';

/** The parts of an X API v2 stream message (`data` + `includes`) that rules look at. */
export interface XMessageLike {
  readonly data: {
    readonly text: string;
    readonly lang?: string | null;
    readonly author_id?: string;
    readonly entities?: {
      readonly hashtags?: readonly { readonly tag: string }[];
      readonly mentions?: readonly { readonly username: string }[];
      readonly urls?: readonly unknown[];
    };
    readonly referenced_tweets?: readonly { readonly type: string }[];
  };
  readonly includes?: { readonly users?: readonly { readonly id: string; readonly username: string }[] };
}

/**
 * Maps an X v2 message to what the matcher needs. Entities, when X sent them,
 * are the truth for hashtags and mentions (as X matches); otherwise the
 * matcher reads them from the text.
 */
export function matchableFromXMessage(message: XMessageLike): MatchableTweet {
  const { data } = message;
  const author = message.includes?.users?.find((user) => user.id === data.author_id);
  return {
    text: data.text,
    lang: data.lang ?? null,
    ...(data.entities?.hashtags === undefined ? {} : { hashtags: data.entities.hashtags.map((h) => h.tag) }),
    ...(data.entities?.mentions === undefined ? {} : { mentions: data.entities.mentions.map((m) => m.username) }),
    authorUsername: author?.username ?? null,
    ...(data.author_id === undefined ? {} : { authorId: data.author_id }),
    referencedTweetTypes: (data.referenced_tweets ?? []).map((r) => r.type),
    hasLinks: (data.entities?.urls?.length ?? 0) > 0,
  };
}
