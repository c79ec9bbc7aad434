// Shared by prepareTweet (tweet text) and the rule compiler (terms and
// phrases), so a rule's words are cut exactly the way the tweet's are.

const NON_ASCII = /[\u0080-\uffff]/;

/** NFC and lower-case: how rule values are stored and reported in `matched_keywords`. */
export function foldCase(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC').toLowerCase() : text.toLowerCase();
}

/**
 * The form both sides are compared in: NFC (so a decomposed é equals a
 * composed one), lower-case, typographic apostrophe folded to `'`, and the
 * emoji variation selector U+FE0F dropped (so ❤ and ❤️ are the same emoji).
 * Diacritics are kept: X's filtered stream does not fold them either.
 */
export function normalizeText(text: string): string {
  // Most tweets and nearly all rules are ASCII; skip the Unicode work for them.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFC').toLowerCase().replaceAll('’', "'").replaceAll('\uFE0F', '');
}

/**
 * One alternative per token kind, first match wins at each position. Links are
 * matched only to be skipped; the look-behinds keep `a#b` and `me@host` from
 * yielding a hashtag or a mention, as X's entity extraction does; they sit
 * after the literal `#`/`@` so every other position fails on the literal first.
 */
const TOKEN = new RegExp(
  [
    String.raw`(https?:\/\/\S+|www\.\S+)`,
    String.raw`#(?<![\p{L}\p{M}\p{N}_&]#)([\p{L}\p{M}\p{N}_]+)`,
    String.raw`@(?<![\p{L}\p{M}\p{N}_]@)(\w+)`,
    String.raw`(\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*)`,
    String.raw`([\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:'[\p{L}\p{M}\p{N}]+)*)`,
  ].join('|'),
  'gu',
);

export interface TextTokens {
  /** Every token in order: words, `#tag`, `@user`, emoji. Phrases match against this. */
  readonly tokens: string[];
  /** Word tokens only: a bare keyword never matches a hashtag, mention or link. */
  readonly words: string[];
  /** Hashtags without `#`. */
  readonly hashtags: string[];
  /** Mentioned usernames without `@`. */
  readonly mentions: string[];
  readonly hasLink: boolean;
}

/** Cuts text already passed through `normalizeText` into tokens. */
export function tokenizeText(normalized: string): TextTokens {
  const tokens: string[] = [];
  const words: string[] = [];
  const hashtags: string[] = [];
  const mentions: string[] = [];
  let hasLink = false;
  TOKEN.lastIndex = 0;
  // exec rather than matchAll: no iterator object on the per-tweet path.
  for (let m = TOKEN.exec(normalized); m !== null; m = TOKEN.exec(normalized)) {
    if (m[1] !== undefined) {
      hasLink = true;
    } else if (m[2] !== undefined) {
      hashtags.push(m[2]);
      tokens.push(`#${m[2]}`);
    } else if (m[3] !== undefined) {
      mentions.push(m[3]);
      tokens.push(`@${m[3]}`);
    } else if (m[4] !== undefined) {
      tokens.push(m[4]);
    } else {
      words.push(m[0]);
      tokens.push(m[0]);
    }
  }
  return { tokens, words, hashtags, mentions, hasLink };
}
