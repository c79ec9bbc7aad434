import { MAX_RECORD_BYTES, recordBytes, type CleanTweet, type DlqErrorCode } from '@tweet-pipeline/contracts';
import { matchableFromXMessage, prepareTweet, type RuleSet } from '@tweet-pipeline/x-rules';
import { tokenize } from './text/tokenize.js';
import { toCleanTweet } from './to-clean-tweet.js';
import { validateRaw, type RawInput } from './validate-raw.js';
import { jsonByteLength } from './x/json-size.js';
import { postBody } from './x/long-post.js';

export const Outcomes = ['passed', 'duplicate', 'filtered_out', 'invalid'] as const;
export type Outcome = (typeof Outcomes)[number];

export interface FilterRules {
  /** X rule syntax, evaluated locally as X would. */
  readonly ruleSet: RuleSet;
  readonly removeStopwords: boolean;
}

export interface BatchRecord extends RawInput {
  readonly offset: string;
}

export interface BatchResult {
  readonly clean: CleanTweet[];
  readonly invalid: { readonly record: BatchRecord; readonly code: DlqErrorCode; readonly reason: string }[];
  /** Every valid id of the batch, duplicates excluded: remembered once the batch is committed. */
  readonly newIds: string[];
  readonly counts: Record<Outcome, number>;
}

/**
 * The filter's rules for one batch, in the order of the design: validate,
 * dedupe, match (X rule syntax), tokenize, map. Pure: it reads `seen` and returns what to
 * remember, so a batch that fails to commit leaves the state untouched.
 */
export function processBatch(
  records: readonly BatchRecord[],
  seen: { has(id: string): boolean },
  rules: FilterRules,
  now: number,
): BatchResult {
  const result: BatchResult = {
    clean: [],
    invalid: [],
    newIds: [],
    counts: { passed: 0, duplicate: 0, filtered_out: 0, invalid: 0 },
  };
  const inBatch = new Set<string>();
  for (const record of records) {
    const validated = validateRaw(record);
    if (!validated.ok) {
      result.invalid.push({ record, code: validated.code, reason: validated.reason });
      result.counts.invalid++;
      continue;
    }
    const id = validated.message.data.id;
    if (inBatch.has(id) || seen.has(id)) {
      result.counts.duplicate++;
      continue;
    }
    const matches = rules.ruleSet.match(prepareTweet(matchableFromXMessage(validated.message)));
    if (matches.length === 0) {
      inBatch.add(id);
      result.newIds.push(id);
      result.counts.filtered_out++;
      continue;
    }
    const matched = [...new Set(matches.flatMap((m) => m.keywords))];
    const body = postBody(validated.message);
    const tokens = tokenize(body.text, { removeStopwords: rules.removeStopwords });
    const clean = toCleanTweet(validated.message, {
      body,
      tokens,
      matchedKeywords: matched,
      source: validated.source,
      receivedAt: validated.receivedAt,
      filteredAt: now,
    });
    const tooLarge = cleanTooLarge(clean);
    if (tooLarge !== undefined) {
      // Kafka would refuse the record and the transaction on every retry: the filter would stop for good.
      result.invalid.push({ record, code: 'MESSAGE_TOO_LARGE', reason: tooLarge });
      result.counts.invalid++;
      continue;
    }
    inBatch.add(id);
    result.newIds.push(id);
    result.clean.push(clean);
    result.counts.passed++;
  }
  return result;
}

/**
 * CleanTweet v2 holds the raw message's `data` and `includes` and, beside
 * them, expansions that may point at one included object many times, so no
 * ratio to the raw size bounds it: every clean record is measured, without
 * serialising it (`jsonByteLength` counts a shared object once per place).
 */
function cleanTooLarge(clean: CleanTweet): string | undefined {
  const bytes = recordBytes({ key: clean.id, value: null }) + jsonByteLength(clean);
  if (bytes <= MAX_RECORD_BYTES) return undefined;
  return `the CleanTweet would be a record of ${bytes} bytes, above the Kafka record limit of ${MAX_RECORD_BYTES} bytes`;
}
