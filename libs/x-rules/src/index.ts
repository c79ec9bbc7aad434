// A local matcher for X API v2 filtered-stream rules: the filter uses it so
// replayed and synthetic tweets are filtered as X would, the X API emulator to
// validate registered rules and fill `matching_rules`.
export { parseRule, validateRule, DEFAULT_MAX_RULE_LENGTH, type ParseOptions } from './parse.js';
export { formatRule } from './format.js';
export { prepareTweet, type MatchableTweet, type PreparedTweet } from './prepare.js';
export { RuleSet, type RuleDefinition, type MatchedRule, type RuleMatch } from './rule-set.js';
export { RuleSyntaxError, RuleSyntaxErrorCodes, type RuleSyntaxErrorCode } from './errors.js';
export {
  HasValues,
  IsValues,
  type AndNode,
  type FromNode,
  type HashtagNode,
  type HasNode,
  type HasValue,
  type IsNode,
  type IsValue,
  type KeywordLikeNode,
  type KeywordNode,
  type LangNode,
  type MentionNode,
  type NotNode,
  type OperatorNode,
  type OrNode,
  type PhraseNode,
  type RuleNode,
} from './ast.js';
export { matchableFromXMessage, type XEntitiesLike, type XMessageLike } from './from-x-message.js';
