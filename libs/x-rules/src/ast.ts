/** Values accepted after `is:`; X's other `is:` values are reported as unsupported. */
export const IsValues = ['retweet', 'reply', 'quote'] as const;
export type IsValue = (typeof IsValues)[number];

/** Values accepted after `has:`; X's other `has:` values are reported as unsupported. */
export const HasValues = ['hashtags', 'mentions', 'links'] as const;
export type HasValue = (typeof HasValues)[number];

interface At {
  /** 1-based index in the rule text where this operand starts. */
  readonly position: number;
}

/**
 * A bare term: a word (`music`), several joined by punctuation (`coca-cola`,
 * matched as consecutive words) or only symbols/emoji (`🎵`, matched as a
 * substring). `value` is NFC-normalised and lower-cased.
 */
export interface KeywordNode extends At {
  readonly kind: 'keyword';
  readonly value: string;
}

/** `"new music"`: consecutive tweet tokens. `value` lower-cased, inner whitespace collapsed, no quotes. */
export interface PhraseNode extends At {
  readonly kind: 'phrase';
  readonly value: string;
}

/** `#music`: `tag` lower-cased, without `#`. */
export interface HashtagNode extends At {
  readonly kind: 'hashtag';
  readonly tag: string;
}

/** `@XDevelopers`: `username` lower-cased, without `@`. */
export interface MentionNode extends At {
  readonly kind: 'mention';
  readonly username: string;
}

/** `from:XDevelopers` or `from:2244994945`: `user` lower-cased; all digits means a user id. */
export interface FromNode extends At {
  readonly kind: 'from';
  readonly user: string;
}

/** `lang:en`: `code` lower-cased. */
export interface LangNode extends At {
  readonly kind: 'lang';
  readonly code: string;
}

export interface IsNode extends At {
  readonly kind: 'is';
  readonly value: IsValue;
}

export interface HasNode extends At {
  readonly kind: 'has';
  readonly value: HasValue;
}

/** `-operand`: `position` is that of the `-`. */
export interface NotNode extends At {
  readonly kind: 'not';
  readonly operand: RuleNode;
}

/** Operands joined by spaces; never nested directly in another `and`, always 2+ operands. */
export interface AndNode extends At {
  readonly kind: 'and';
  readonly operands: readonly RuleNode[];
}

/** Operands joined by `OR`; never nested directly in another `or`, always 2+ operands. */
export interface OrNode extends At {
  readonly kind: 'or';
  readonly operands: readonly RuleNode[];
}

/** A leaf that matches text the author wrote; these feed `matched_keywords`. */
export type KeywordLikeNode = KeywordNode | PhraseNode | HashtagNode | MentionNode;
export type OperatorNode = FromNode | LangNode | IsNode | HasNode;
export type RuleNode = KeywordLikeNode | OperatorNode | NotNode | AndNode | OrNode;
