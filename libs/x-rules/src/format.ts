import type { RuleNode } from './ast.js';

/**
 * Prints a parsed rule with every nested group in explicit parentheses, e.g.
 * `a b OR c` → `(a b) OR c`. For logs and tests that show how a rule was
 * grouped; the output parses back to the same tree.
 */
export function formatRule(node: RuleNode): string {
  switch (node.kind) {
    case 'keyword':
      return node.value;
    case 'phrase':
      return `"${node.value.replace(/["\\]/g, '\\$&')}"`;
    case 'hashtag':
      return `#${node.tag}`;
    case 'mention':
      return `@${node.username}`;
    case 'from':
      return `from:${node.user}`;
    case 'lang':
      return `lang:${node.code}`;
    case 'is':
      return `is:${node.value}`;
    case 'has':
      return `has:${node.value}`;
    case 'not':
      return `-${grouped(node.operand)}`;
    case 'and':
      return node.operands.map(grouped).join(' ');
    case 'or':
      return node.operands.map(grouped).join(' OR ');
  }
}

function grouped(node: RuleNode): string {
  return node.kind === 'and' || node.kind === 'or' ? `(${formatRule(node)})` : formatRule(node);
}
