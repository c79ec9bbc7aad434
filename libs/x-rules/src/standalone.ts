import type { RuleNode } from './ast.js';
import { RuleSyntaxError } from './errors.js';

interface Problem {
  readonly code: 'ONLY_NEGATIONS' | 'NO_STANDALONE_OPERATOR';
  readonly position: number;
}

/**
 * Enforces X's volume guard: every tweet a rule matches must contain a
 * positive standalone operand (keyword, phrase, emoji, `#`, `@`, `from:`).
 * So an AND needs one anchored operand, and an OR needs every branch
 * anchored: `music OR -is:retweet` would match almost the whole firehose.
 * A negation never anchors, not even `-(-a)`.
 *
 * @throws {RuleSyntaxError} `ONLY_NEGATIONS` when the failing part has no
 *   positive operand at all, else `NO_STANDALONE_OPERATOR` (only `lang:`,
 *   `is:`, `has:`).
 */
export function checkStandalone(node: RuleNode, rule: string): void {
  const problem = findProblem(node);
  if (problem === undefined) return;
  const detail =
    problem.code === 'ONLY_NEGATIONS'
      ? 'Rules must contain a non-negation term'
      : 'is/has/lang cannot be used as a standalone operator';
  throw new RuleSyntaxError(problem.code, detail, rule, problem.position);
}

function findProblem(node: RuleNode): Problem | undefined {
  switch (node.kind) {
    case 'keyword':
    case 'phrase':
    case 'hashtag':
    case 'mention':
    case 'from':
      return undefined;
    case 'lang':
    case 'is':
    case 'has':
      return { code: 'NO_STANDALONE_OPERATOR', position: node.position };
    case 'not':
      return { code: 'ONLY_NEGATIONS', position: node.position };
    case 'and': {
      const problems: Problem[] = [];
      for (const operand of node.operands) {
        const problem = findProblem(operand);
        if (problem === undefined) return undefined;
        problems.push(problem);
      }
      // Blame a conjunction-required operator first: adding a keyword next to it is the fix.
      return problems.find((p) => p.code === 'NO_STANDALONE_OPERATOR') ?? problems[0];
    }
    case 'or':
      for (const operand of node.operands) {
        const problem = findProblem(operand);
        if (problem !== undefined) return problem;
      }
      return undefined;
  }
}
