import { foldCase, normalizeText, tokenizeText } from './text-tokens.js';

/** What rules can look at in a tweet; map a RawTweet (or a CleanTweet) to this. */
export interface MatchableTweet {
  readonly text: string;
  readonly lang?: string | null;
  /** `entities.hashtags[].tag`; when absent, hashtags are read from `#word`s in the text. */
  readonly hashtags?: readonly string[];
  /** `entities.mentions[].username`; when absent, mentions are read from `@word`s in the text. */
  readonly mentions?: readonly string[];
  /** Needed by `from:`; without it `from:` never matches. */
  readonly authorUsername?: string | null;
  /** `author_id`; `from:` also accepts a numeric user id. */
  readonly authorId?: string | null;
  /** `referenced_tweets[].type`: `retweeted`, `quoted`, `replied_to`. */
  readonly referencedTweetTypes?: readonly string[];
  /** From `entities.urls`; when absent, true if the text holds an http(s) or www. link. */
  readonly hasLinks?: boolean;
}

/**
 * A tweet cut up once so every rule can test it cheaply. Build it with
 * `prepareTweet`; all strings are in the normalised form (NFC, lower-case).
 */
export interface PreparedTweet {
  /** Normalised text; emoji and symbol-only terms are searched here as substrings. */
  readonly text: string;
  /** Words, `#tags`, `@mentions` and emoji in order, links left out; phrases match runs of these. */
  readonly tokens: readonly string[];
  /** Word tokens only; a bare keyword matches one of these. */
  readonly words: ReadonlySet<string>;
  /** Without `#`. */
  readonly hashtags: ReadonlySet<string>;
  /** Without `@`. */
  readonly mentions: ReadonlySet<string>;
  readonly lang: string | null;
  readonly authorUsername: string | null;
  readonly authorId: string | null;
  readonly isRetweet: boolean;
  readonly isReply: boolean;
  readonly isQuote: boolean;
  readonly hasLinks: boolean;
}

/**
 * Tokenizes a tweet once, to be matched against every rule of a `RuleSet`.
 * Never throws; missing optional fields just make the operators that need
 * them (`from:`, `lang:`) not match.
 */
export function prepareTweet(tweet: MatchableTweet): PreparedTweet {
  const text = normalizeText(tweet.text);
  const cut = tokenizeText(text);
  const refs = tweet.referencedTweetTypes ?? [];
  return {
    text,
    tokens: cut.tokens,
    words: new Set(cut.words),
    hashtags: new Set(tweet.hashtags?.map(foldCase) ?? cut.hashtags),
    mentions: new Set(tweet.mentions?.map((m) => m.toLowerCase()) ?? cut.mentions),
    lang: tweet.lang ? tweet.lang.toLowerCase() : null,
    authorUsername: tweet.authorUsername ? tweet.authorUsername.toLowerCase() : null,
    authorId: tweet.authorId ?? null,
    // Old-style and some replayed retweets carry only the "RT @user:" prefix.
    isRetweet: refs.includes('retweeted') || tweet.text.startsWith('RT @'),
    isReply: refs.includes('replied_to'),
    isQuote: refs.includes('quoted'),
    hasLinks: tweet.hasLinks ?? cut.hasLink,
  };
}
