import { RuleSet, validateRule, type PreparedTweet } from '@tweet-pipeline/x-rules';
import type { SnowflakeIds } from './snowflake.js';
import { duplicateRule, invalidRule, ruleNotFound, rulesCapExceeded, type XResponse } from './x-problems.js';

/** A filtered-stream rule as X stores and lists it; `tag` is absent, not null, when none was given. */
export interface StreamRule {
  readonly id: string;
  readonly value: string;
  readonly tag?: string;
}

export interface NewRule {
  readonly value: string;
  readonly tag?: string;
}

/** One entry of a stream message's `matching_rules`; `tag` is null for an untagged rule, as recorded from X. */
export interface MatchingRule {
  readonly id: string;
  readonly tag: string | null;
}

export interface RuleBookOptions {
  readonly ids: SnowflakeIds;
  /** Pay-per-use: 1,000 rules of at most 1,024 characters. */
  readonly maxRules: number;
  readonly maxRuleLength: number;
}

const ruleJson = (rule: StreamRule) => ({
  id: rule.id,
  value: rule.value,
  ...(rule.tag === undefined ? {} : { tag: rule.tag }),
});

/**
 * The app's rules and X's answers to changing them, with no I/O; rule syntax
 * is @tweet-pipeline/x-rules'. Recorded X answers show: a rule that does not
 * parse is reported per rule (UnprocessableEntity, `details`) in a 200; a
 * duplicate is reported per rule (DuplicateRule, with the existing rule's id)
 * in a 201 while the others are created. Inferred, not recorded: one
 * unparsable rule makes the whole request create nothing (why X's summary
 * counts `valid` apart from `created`), and a dry run answers 200. A dry run
 * changes nothing.
 */
export class RuleBook {
  private rules: StreamRule[] = [];
  private compiled = new RuleSet([]);

  constructor(private readonly options: RuleBookOptions) {}

  list(): readonly StreamRule[] {
    return this.rules;
  }

  add(requested: readonly NewRule[], dryRun: boolean): XResponse {
    const byValue = new Map(this.rules.map((rule) => [rule.value, rule.id]));
    const errors: object[] = [];
    const accepted: StreamRule[] = [];
    let syntaxErrors = 0;
    for (const rule of requested) {
      const problem = validateRule(rule.value, { maxLength: this.options.maxRuleLength })?.message;
      const existing = byValue.get(rule.value);
      if (problem !== undefined) {
        syntaxErrors++;
        errors.push(invalidRule(rule.value, [problem]));
      } else if (existing !== undefined) {
        errors.push(duplicateRule(rule.value, existing));
      } else {
        const created = {
          id: this.options.ids.next(),
          value: rule.value,
          ...(rule.tag === undefined ? {} : { tag: rule.tag }),
        };
        byValue.set(rule.value, created.id);
        accepted.push(created);
      }
    }
    const created = syntaxErrors > 0 ? [] : accepted;
    if (this.rules.length + created.length > this.options.maxRules) return rulesCapExceeded(this.options.maxRules);
    if (!dryRun) this.replace([...this.rules, ...created]);
    const body = {
      ...(created.length > 0 ? { data: created.map(ruleJson) } : {}),
      meta: {
        sent: new Date().toISOString(),
        summary: {
          created: created.length,
          not_created: requested.length - created.length,
          valid: accepted.length,
          invalid: requested.length - accepted.length,
        },
      },
      ...(errors.length > 0 ? { errors } : {}),
    };
    return { status: syntaxErrors > 0 || dryRun ? 200 : 201, body };
  }

  /** Deletes by id or by value; unknown ones are reported and the known ones still go. */
  delete(key: 'ids' | 'values', wanted: readonly string[], dryRun: boolean): XResponse {
    const field = key === 'ids' ? 'id' : 'value';
    const present = new Set(this.rules.map((rule) => rule[field]));
    const missing = wanted.filter((w) => !present.has(w));
    const doomed = new Set(wanted);
    const remaining = this.rules.filter((rule) => !doomed.has(rule[field]));
    const deleted = this.rules.length - remaining.length;
    if (!dryRun) this.replace(remaining);
    const body = {
      meta: { sent: new Date().toISOString(), summary: { deleted, not_deleted: wanted.length - deleted } },
      ...(missing.length > 0 ? { errors: [ruleNotFound(key, missing)] } : {}),
    };
    return { status: 200, body };
  }

  deleteAll(dryRun: boolean): XResponse {
    return this.delete(
      'ids',
      this.rules.map((rule) => rule.id),
      dryRun,
    );
  }

  /** `GET /2/tweets/search/stream/rules` body; X omits `data` when there is no rule. */
  listing(ids?: readonly string[]): object {
    const wanted = ids === undefined ? undefined : new Set(ids);
    const rules = this.rules.filter((rule) => wanted === undefined || wanted.has(rule.id));
    return {
      ...(rules.length > 0 ? { data: rules.map(ruleJson) } : {}),
      meta: { sent: new Date().toISOString(), result_count: rules.length },
    };
  }

  /** The rules a tweet matches, in the order they were added; what its `matching_rules` holds. */
  matching(tweet: PreparedTweet): MatchingRule[] {
    return this.compiled.match(tweet).map(({ rule }) => ({ id: rule.id!, tag: rule.tag }));
  }

  clear(): void {
    this.replace([]);
  }

  private replace(rules: StreamRule[]): void {
    this.rules = rules;
    // Every rule here passed validateRule, so compiling cannot throw.
    this.compiled = new RuleSet(rules, { maxLength: this.options.maxRuleLength });
  }
}
