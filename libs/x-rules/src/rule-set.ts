import { compileRule, type CompiledRule } from './evaluate.js';
import { parseRule, type ParseOptions } from './parse.js';
import type { PreparedTweet } from './prepare.js';

/** A rule as a client registers it (the body of POST /2/tweets/search/stream/rules `add[]`). */
export interface RuleDefinition {
  readonly value: string;
  readonly tag?: string | null;
  readonly id?: string;
}

/** The rule a tweet matched, as given to the constructor (`tag` defaults to null). */
export interface MatchedRule {
  readonly value: string;
  readonly tag: string | null;
  readonly id?: string;
}

export interface RuleMatch {
  readonly rule: MatchedRule;
  /**
   * The rule's positive keywords, phrases, hashtags (`#tag`) and mentions
   * (`@user`) that the tweet contains, lower-cased, in rule order, no
   * duplicates; what `CleanTweet.matched_keywords` holds. Only operands of
   * branches that held count: for `(a b) OR c` a tweet with `a` and `c`
   * reports `['c']`. Empty when only `from:` made it match.
   */
  readonly keywords: string[];
}

/**
 * Rules compiled once and matched against many tweets: the filter builds one
 * from its configuration, the X API emulator one per registered rule set.
 */
export class RuleSet {
  readonly #rules: readonly { readonly rule: MatchedRule; readonly compiled: CompiledRule }[];

  /**
   * @throws {RuleSyntaxError} for the first invalid rule; its `rule` property
   *   is that rule's value. Run `validateRule` on each first to report all.
   */
  constructor(rules: readonly RuleDefinition[], options: ParseOptions = {}) {
    this.#rules = rules.map(({ value, tag, id }) => ({
      rule: Object.freeze(id === undefined ? { value, tag: tag ?? null } : { value, tag: tag ?? null, id }),
      compiled: compileRule(parseRule(value, options)),
    }));
  }

  get size(): number {
    return this.#rules.length;
  }

  /**
   * The rules `tweet` matches, in the order they were given; empty (and no
   * allocation beyond it) when none does. Never throws.
   */
  match(tweet: PreparedTweet): RuleMatch[] {
    const matches: RuleMatch[] = [];
    for (const { rule, compiled } of this.#rules) {
      if (!compiled.test(tweet)) continue;
      const keywords: string[] = [];
      compiled.collect(tweet, keywords);
      matches.push({ rule, keywords });
    }
    return matches;
  }
}
