// Only the tokenizer module: natural's index pulls database clients and dotenv,
// whose banner would break one-JSON-object-per-line logs.
import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import stopwordsModule from 'natural/lib/natural/util/stopwords.js';

const { RegexpTokenizer } = tokenizers;
const STOPWORDS = new Set<string>(stopwordsModule.words);

/**
 * One alternative per token kind, most specific first, so URLs, @mentions,
 * #hashtags and emoji (with skin tones, ZWJ sequences and flags) stay whole.
 */
const TWEET_TOKEN = new RegExp(
  [
    String.raw`https?:\/\/[^\s]+`,
    String.raw`@\w+`,
    String.raw`#[\p{L}\p{N}_]+`,
    String.raw`\p{Regional_Indicator}{2}`,
    String.raw`\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*`,
    String.raw`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`,
  ].join('|'),
  'gu',
);

const tokenizer = new RegexpTokenizer({ pattern: TWEET_TOKEN, gaps: false });

export interface TokenizeOptions {
  readonly removeStopwords?: boolean;
}

/**
 * Tweet-aware tokens, lower-cased (URLs keep their case: t.co paths are case-sensitive).
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const raw = tokenizer.tokenize(text) ?? [];
  const tokens = raw.map((token) => (token.startsWith('http') ? token : token.toLowerCase()));
  return options.removeStopwords ? tokens.filter((token) => !STOPWORDS.has(token)) : tokens;
}
