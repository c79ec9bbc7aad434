import type { RuleNode } from './ast.js';
import { RuleSyntaxError } from './errors.js';
import { operandNode } from './operand.js';
import { checkStandalone } from './standalone.js';
import { foldCase } from './text-tokens.js';
import { lexRule, type RuleToken } from './tokens.js';

/** X's limit for Pro access; Basic allows 512, Enterprise more. */
export const DEFAULT_MAX_RULE_LENGTH = 1024;

export interface ParseOptions {
  /** Longest accepted rule, in Unicode code points. Default `DEFAULT_MAX_RULE_LENGTH`. */
  readonly maxLength?: number;
}

/**
 * Parses and validates one filtered-stream rule. AND (space) binds tighter
 * than `OR`, as X documents: `a b OR c d` is `(a b) OR (c d)`.
 *
 * Use it to inspect a rule; to match tweets, give the rules to `RuleSet`.
 *
 * @throws {RuleSyntaxError} when the rule is empty, too long, malformed, uses
 *   an unknown or unsupported operator, or could match without a positive
 *   standalone operand (see `RuleSyntaxErrorCodes`).
 */
export function parseRule(value: string, options: ParseOptions = {}): RuleNode {
  const maxLength = options.maxLength ?? DEFAULT_MAX_RULE_LENGTH;
  // UTF-16 length bounds the code-point count from above, so most rules skip the count.
  if (value.length > maxLength && countCodePoints(value) > maxLength) {
    throw new RuleSyntaxError('RULE_TOO_LONG', `Rule is longer than ${maxLength} characters`, value);
  }
  if (value.trim() === '') throw new RuleSyntaxError('EMPTY_RULE', 'Rule must not be empty', value);
  const node = new Parser(value, lexRule(value)).parseRule();
  checkStandalone(node, value);
  return node;
}

/**
 * Like `parseRule` but returns the error instead of throwing; for validating
 * rules a client submits (POST /2/tweets/search/stream/rules).
 */
export function validateRule(value: string, options: ParseOptions = {}): RuleSyntaxError | undefined {
  try {
    parseRule(value, options);
    return undefined;
  } catch (err) {
    if (err instanceof RuleSyntaxError) return err;
    throw err;
  }
}

function countCodePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A low surrogate finishes a code point already counted at its high surrogate.
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/** Recursive descent over `or := and ('OR' and)*`, `and := unary+`, `unary := '-' unary | primary`. */
class Parser {
  #next = 0;

  constructor(
    private readonly rule: string,
    private readonly tokens: readonly RuleToken[],
  ) {}

  parseRule(): RuleNode {
    const node = this.parseOr();
    const stray = this.tokens[this.#next];
    // parseOr only stops early at a ')' it has no '(' for.
    if (stray !== undefined) this.fail('UNBALANCED_PARENTHESES', "Unexpected ')' without a matching '('", stray);
    return node;
  }

  private parseOr(): RuleNode {
    const operands = [this.parseAnd()];
    for (let token = this.peek(); token?.type === 'or'; token = this.peek()) {
      this.#next++;
      const after = this.peek();
      if (after === undefined || after.type === 'or' || after.type === 'rparen') this.misplacedOr(token);
      operands.push(this.parseAnd());
    }
    return combine('or', operands);
  }

  private parseAnd(): RuleNode {
    const operands: RuleNode[] = [];
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (token.type === 'or' || token.type === 'rparen') break;
      operands.push(this.parseUnary());
    }
    if (operands.length === 0) {
      // Callers make sure an operand is due here: after '(' , at the start, or after a checked OR.
      const token = this.peek();
      const previous = this.tokens[this.#next - 1];
      if (token?.type === 'or') this.misplacedOr(token);
      if (previous?.type === 'lparen') {
        if (token === undefined) this.fail('UNBALANCED_PARENTHESES', "Missing closing ')' for this '('", previous);
        this.fail('EMPTY_GROUP', 'Empty parentheses', previous);
      }
      this.fail('UNBALANCED_PARENTHESES', "Unexpected ')' without a matching '('", token);
    }
    return combine('and', operands);
  }

  private parseUnary(): RuleNode {
    const token = this.tokens[this.#next++]!;
    switch (token.type) {
      case 'negate': {
        const operand = this.peek();
        if (operand === undefined || operand.type === 'or' || operand.type === 'rparen') {
          this.fail('MISPLACED_NEGATION', "A '-' must be followed directly by the operand it negates", token);
        }
        return { kind: 'not', operand: this.parseUnary(), position: token.position };
      }
      case 'lparen': {
        const node = this.parseOr();
        if (this.peek()?.type !== 'rparen')
          this.fail('UNBALANCED_PARENTHESES', "Missing closing ')' for this '('", token);
        this.#next++;
        return node;
      }
      case 'phrase':
        return phraseNode(token.text, token.position, this.rule);
      case 'operand':
        return operandNode(token.text, token.position, this.rule);
      default:
        // parseAnd stops at 'or' and 'rparen', so neither reaches here.
        throw new Error(`unreachable token ${token.type}`);
    }
  }

  private peek(): RuleToken | undefined {
    return this.tokens[this.#next];
  }

  private misplacedOr(token: RuleToken): never {
    this.fail('MISPLACED_OR', 'OR must stand between two operands', token);
  }

  private fail(
    code: 'UNBALANCED_PARENTHESES' | 'EMPTY_GROUP' | 'MISPLACED_OR' | 'MISPLACED_NEGATION',
    detail: string,
    token: RuleToken | undefined,
  ): never {
    throw new RuleSyntaxError(code, detail, this.rule, token?.position);
  }
}

function phraseNode(text: string, position: number, rule: string): RuleNode {
  const value = foldCase(text.trim().replace(/\s+/gu, ' '));
  if (value === '') throw new RuleSyntaxError('INVALID_OPERAND', 'Empty quoted phrase', rule, position);
  return { kind: 'phrase', value, position };
}

/** Flattens `a (b c)` into one AND (and likewise ORs) so evaluation walks fewer closures. */
function combine(kind: 'and' | 'or', operands: RuleNode[]): RuleNode {
  if (operands.length === 1) return operands[0]!;
  const flat = operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
  return { kind, operands: flat, position: flat[0]!.position };
}
