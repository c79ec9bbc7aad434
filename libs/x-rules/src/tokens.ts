import { RuleSyntaxError } from './errors.js';

/** A lexical token of a rule; `position` is 1-based, like X's error positions. */
export type RuleToken =
  | { readonly type: 'lparen' | 'rparen' | 'or' | 'negate'; readonly position: number }
  /** `text` is the unescaped content between the quotes. */
  | { readonly type: 'phrase'; readonly text: string; readonly position: number }
  /** A run of non-space characters that is not a delimiter: a term or an operator, classified by the parser. */
  | { readonly type: 'operand'; readonly text: string; readonly position: number };

const SPACE = /\s/u;

function isDelimiter(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || SPACE.test(ch);
}

/**
 * Splits a rule into tokens. Parentheses and `"` end a term even without a
 * space (`(a OR b)`), a leading `-` is negation but an inner one is part of the
 * term (`covid-19`), and only upper-case `OR` is the operator.
 *
 * @throws {RuleSyntaxError} `UNBALANCED_QUOTES`, `MISPLACED_NEGATION`,
 *   `AMBIGUOUS_AND` (X rejects a bare `and`/`AND`), or `UNSUPPORTED_OPERATOR`
 *   for a proximity phrase (`"a b"~3`).
 */
export function lexRule(rule: string): RuleToken[] {
  const tokens: RuleToken[] = [];
  const n = rule.length;
  let i = 0;
  while (i < n) {
    const ch = rule[i]!;
    const position = i + 1;
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', position });
      i++;
    } else if (ch === '"') {
      i = lexPhrase(rule, i, tokens);
    } else if (ch === '-') {
      const next = rule[i + 1];
      if (next === undefined || next === ')' || SPACE.test(next)) {
        throw new RuleSyntaxError(
          'MISPLACED_NEGATION',
          "A '-' must be followed directly by the operand it negates",
          rule,
          position,
        );
      }
      tokens.push({ type: 'negate', position });
      i++;
    } else {
      let end = i + 1;
      while (end < n && !isDelimiter(rule[end]!)) end++;
      const text = rule.slice(i, end);
      if (text === 'OR') {
        tokens.push({ type: 'or', position });
      } else if (text.toLowerCase() === 'and') {
        // X's own wording: space already means AND, so a bare "and" is almost always a mistake.
        throw new RuleSyntaxError(
          'AMBIGUOUS_AND',
          'Ambiguous use of and as a keyword. Use a space to logically join two clauses, or "and" to find occurrences of and in text',
          rule,
          position,
        );
      } else {
        tokens.push({ type: 'operand', text, position });
      }
      i = end;
    }
  }
  return tokens;
}

/** Reads `"…"` starting at the opening quote; returns the index after the closing one. */
function lexPhrase(rule: string, start: number, tokens: RuleToken[]): number {
  let text = '';
  let i = start + 1;
  for (;;) {
    const ch = rule[i];
    if (ch === undefined) {
      throw new RuleSyntaxError('UNBALANCED_QUOTES', 'Missing closing quote', rule, start + 1);
    }
    if (ch === '"') break;
    const escaped = rule[i + 1];
    if (ch === '\\' && (escaped === '"' || escaped === '\\')) {
      text += escaped;
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  tokens.push({ type: 'phrase', text, position: start + 1 });
  if (rule[i + 1] === '~') {
    throw new RuleSyntaxError(
      'UNSUPPORTED_OPERATOR',
      'Proximity operator \'"…"~N\' is valid on X but not supported by this matcher',
      rule,
      i + 2,
    );
  }
  return i + 1;
}
