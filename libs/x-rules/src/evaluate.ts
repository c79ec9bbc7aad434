import type { RuleNode } from './ast.js';
import type { PreparedTweet } from './prepare.js';
import { normalizeText, tokenizeText } from './text-tokens.js';

type Test = (tweet: PreparedTweet) => boolean;

/** A rule turned into closures, built once and run for every tweet. */
export interface CompiledRule {
  readonly test: Test;
  /**
   * Appends (once each) the labels of the positive keywords, phrases,
   * hashtags and mentions that made `tweet` match. Call only when
   * `test(tweet)` is true: it relies on that to skip re-testing ANDs.
   */
  readonly collect: (tweet: PreparedTweet, into: string[]) => void;
}

const NEVER_COLLECTS = (): void => {};
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Compiles a parsed rule; pure, never throws for nodes `parseRule` produced. */
export function compileRule(node: RuleNode): CompiledRule {
  switch (node.kind) {
    case 'keyword':
      return leaf(textTest(node.value, true), node.value);
    case 'phrase':
      return leaf(textTest(node.value, false), node.value);
    case 'hashtag':
      return leaf((t) => t.hashtags.has(node.tag), `#${node.tag}`);
    case 'mention':
      return leaf((t) => t.mentions.has(node.username), `@${node.username}`);
    case 'from':
      return silent((t) => t.authorUsername === node.user || t.authorId === node.user);
    case 'lang':
      return silent((t) => t.lang === node.code);
    case 'is':
      if (node.value === 'retweet') return silent((t) => t.isRetweet);
      return silent(node.value === 'reply' ? (t) => t.isReply : (t) => t.isQuote);
    case 'has':
      if (node.value === 'links') return silent((t) => t.hasLinks);
      return silent(node.value === 'hashtags' ? (t) => t.hashtags.size > 0 : (t) => t.mentions.size > 0);
    case 'not': {
      const inner = compileRule(node.operand).test;
      return silent((t) => !inner(t));
    }
    case 'and':
      return compileAnd(node.operands.map(compileRule));
    case 'or':
      return compileOr(node.operands.map(compileRule));
  }
}

function leaf(test: Test, label: string): CompiledRule {
  return {
    test,
    collect: (_t, into) => {
      if (!into.includes(label)) into.push(label);
    },
  };
}

/** Operators that filter but are not keywords the tweet "matched on". */
function silent(test: Test): CompiledRule {
  return { test, collect: NEVER_COLLECTS };
}

function compileAnd(operands: readonly CompiledRule[]): CompiledRule {
  const tests = operands.map((o) => o.test);
  return {
    test: (t) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i]!(t)) return false;
      return true;
    },
    collect: (t, into) => {
      for (const o of operands) o.collect(t, into);
    },
  };
}

function compileOr(operands: readonly CompiledRule[]): CompiledRule {
  const tests = operands.map((o) => o.test);
  return {
    test: (t) => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(t)) return true;
      return false;
    },
    // Unlike `test`, visit every branch: `music OR #music` on "music #music" reports both.
    collect: (t, into) => {
      for (const o of operands) if (o.test(t)) o.collect(t, into);
    },
  };
}

/**
 * Keywords and phrases are cut with the tweet tokenizer: one word is a set
 * lookup, several (`coca-cola`, `"new music"`) must be consecutive tokens.
 * A bare term with no letter or digit (emoji, `:)`) is a substring search,
 * so `🎵` also matches `🎵🎵` and `👍` matches `👍🏽`. A quoted phrase whose
 * punctuation the tokenizer drops (`"c++"`, `"coca-cola"`) must also appear
 * literally: X documents quoting as the way to match punctuation.
 */
function textTest(value: string, bare: boolean): Test {
  const normalized = normalizeText(value);
  const { tokens, words } = tokenizeText(normalized);
  if ((bare && !LETTER_OR_DIGIT.test(normalized)) || tokens.length === 0) {
    return (t) => t.text.includes(normalized);
  }
  const tokensTest: Test =
    tokens.length === 1 && words.length === 1 ? (t) => t.words.has(words[0]!) : (t) => containsRun(t.tokens, tokens);
  if (bare || tokens.join(' ') === normalized) return tokensTest;
  return (t) => tokensTest(t) && t.text.includes(normalized);
}

function containsRun(haystack: readonly string[], run: readonly string[]): boolean {
  const first = run[0]!;
  const last = haystack.length - run.length;
  for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let k = 1;
    while (k < run.length && haystack[i + k] === run[k]) k++;
    if (k === run.length) return true;
  }
  return false;
}
