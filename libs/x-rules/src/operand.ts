import { HasValues, IsValues, type RuleNode } from './ast.js';
import { RuleSyntaxError } from './errors.js';
import { foldCase } from './text-tokens.js';

/**
 * Operators X documents for filtered stream that this matcher does not
 * implement. Kept apart from unknown names so a rule X would accept is
 * reported as `UNSUPPORTED_OPERATOR`, not as X's "invalid operator".
 */
const X_ONLY_OPERATORS = new Set([
  'to',
  'retweets_of',
  'from_affiliate_of',
  'to_affiliate_of',
  'url',
  'url_title',
  'url_description',
  'url_contains',
  'context',
  'entity',
  'conversation_id',
  'bio',
  'bio_name',
  'bio_location',
  'place',
  'place_country',
  'point_radius',
  'bounding_box',
  'sample',
  'min_followers',
  'followers_count',
  'tweets_count',
  'following_count',
  'listed_count',
  'in_reply_to_tweet_id',
  'retweets_of_tweet_id',
  'source',
  'embedding',
  'embedding_threshold',
]);
const X_ONLY_IS = new Set(['verified', 'nullcast']);
const X_ONLY_HAS = new Set(['cashtags', 'media', 'images', 'videos', 'video_link', 'geo']);

const OPERATOR = /^([A-Za-z_]+):(.*)$/su;
const HASHTAG = /^[\p{L}\p{M}\p{N}_]+$/u;
const USERNAME = /^\w+$/;
const CASHTAG = /^\$[A-Za-z]/;
// BCP 47 as X uses it: `en`, `und`, `zh-CN`.
const LANG = /^[a-z]{2,3}(?:-[a-z]{2,4})?$/i;

/**
 * Turns one operand run (no spaces, no quotes, not `OR`) into a leaf node.
 *
 * @throws {RuleSyntaxError} `UNKNOWN_OPERATOR`, `UNSUPPORTED_OPERATOR` or `INVALID_OPERAND`.
 */
export function operandNode(text: string, position: number, rule: string): RuleNode {
  const fail = (code: 'UNKNOWN_OPERATOR' | 'UNSUPPORTED_OPERATOR' | 'INVALID_OPERAND', detail: string): never => {
    throw new RuleSyntaxError(code, detail, rule, position);
  };
  const unsupported = (name: string): never =>
    fail('UNSUPPORTED_OPERATOR', `Operator '${name}' is valid on X but not supported by this matcher`);

  if (text.startsWith('#')) {
    const tag = text.slice(1);
    if (!HASHTAG.test(tag)) fail('INVALID_OPERAND', `Invalid hashtag '${text}'; quote it to match it as text`);
    return { kind: 'hashtag', tag: foldCase(tag), position };
  }
  if (text.startsWith('@')) {
    const username = text.slice(1);
    if (!USERNAME.test(username)) fail('INVALID_OPERAND', `Invalid mention '${text}'; quote it to match it as text`);
    return { kind: 'mention', username: username.toLowerCase(), position };
  }
  if (CASHTAG.test(text)) unsupported('$');

  const operator = OPERATOR.exec(text);
  if (operator === null) return { kind: 'keyword', value: foldCase(text), position };

  const name = operator[1]!.toLowerCase();
  const value = operator[2]!;
  switch (name) {
    case 'from':
      if (!USERNAME.test(value)) fail('INVALID_OPERAND', `'from:' needs a username or user id, got '${value}'`);
      return { kind: 'from', user: value.toLowerCase(), position };
    case 'lang':
      if (!LANG.test(value)) fail('INVALID_OPERAND', `'lang:' needs a BCP 47 language code, got '${value}'`);
      return { kind: 'lang', code: value.toLowerCase(), position };
    case 'is': {
      const v = value.toLowerCase();
      if (isOneOf(IsValues, v)) return { kind: 'is', value: v, position };
      if (X_ONLY_IS.has(v)) unsupported(`is:${v}`);
      return fail('UNKNOWN_OPERATOR', `Reference to invalid operator 'is:${value}'`);
    }
    case 'has': {
      const v = value.toLowerCase();
      if (isOneOf(HasValues, v)) return { kind: 'has', value: v, position };
      if (X_ONLY_HAS.has(v)) unsupported(`has:${v}`);
      return fail('UNKNOWN_OPERATOR', `Reference to invalid operator 'has:${value}'`);
    }
    default:
      if (X_ONLY_OPERATORS.has(name)) unsupported(`${name}:`);
      return fail('UNKNOWN_OPERATOR', `Reference to invalid operator '${operator[1]!}'`);
  }
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
