/**
 * Why a rule was rejected. Stable: the X API emulator maps them to X's
 * `invalid-rules` problem and callers branch on them, so add codes, never
 * rename them.
 */
export const RuleSyntaxErrorCodes = [
  'EMPTY_RULE',
  'RULE_TOO_LONG',
  'UNBALANCED_PARENTHESES',
  'UNBALANCED_QUOTES',
  'EMPTY_GROUP',
  'MISPLACED_OR',
  'MISPLACED_NEGATION',
  'AMBIGUOUS_AND',
  'ONLY_NEGATIONS',
  'NO_STANDALONE_OPERATOR',
  'UNKNOWN_OPERATOR',
  'UNSUPPORTED_OPERATOR',
  'INVALID_OPERAND',
] as const;
export type RuleSyntaxErrorCode = (typeof RuleSyntaxErrorCodes)[number];

/**
 * Thrown by `parseRule` and `new RuleSet` when a rule is not valid X
 * filtered-stream syntax (or uses an X operator this matcher does not
 * implement: `UNSUPPORTED_OPERATOR`). Retrying never helps: the rule text
 * itself must change.
 *
 * `message` is worded like X's own rule-validation details, ending in
 * `(at position N)` when a place in the rule is to blame, so an emulator can
 * return it as-is in `errors[].details`.
 */
export class RuleSyntaxError extends Error {
  readonly retriable = false;
  /**
   * 1-based index of the offending character, counted in UTF-16 units as JS
   * strings are (the same number X prints for BMP text); undefined when the
   * whole rule is to blame.
   */
  readonly position: number | undefined;
  constructor(
    readonly code: RuleSyntaxErrorCode,
    readonly detail: string,
    /** The rule text as submitted. */
    readonly rule: string,
    position?: number,
  ) {
    super(position === undefined ? detail : `${detail} (at position ${position})`);
    this.name = 'RuleSyntaxError';
    this.position = position;
  }
}
