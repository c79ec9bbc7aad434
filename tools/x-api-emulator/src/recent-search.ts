import { RuleSet, validateRule } from '@tweet-pipeline/x-rules';
import { buildIncludes, shapeTweet, type FieldSelection } from './field-selection.js';
import type { JsonObject } from './json-object.js';
import { prepareStoredTweet } from './rule-matching.js';
import { snowflakeTimeMs } from './snowflake.js';
import type { StoredTweet, TweetStore } from './tweet-store.js';
import type { ParameterError } from './x-problems.js';

/** X Pro allows recent-search queries of up to 4,096 characters (Basic: 512). */
export const MAX_QUERY_LENGTH = 4096;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
const ID = /^[0-9]{1,19}$/;

/** A validated recent-search request: ids as BigInt bounds, exclusive both ways. */
export interface RecentSearchRequest {
  readonly query: RuleSet;
  readonly maxResults: number;
  readonly above?: bigint;
  readonly below?: bigint;
  readonly fromMs?: number;
  readonly toMs?: number;
}

const problem = (name: string, value: string, message: string): ParameterError => ({
  parameters: { [name]: [value] },
  message,
});

/**
 * `next_token` is the id of the last tweet of the page in base 32 (X's tokens
 * are base32hex too): paging continues strictly below it whatever arrives meanwhile.
 */
export const encodeNextToken = (lastId: bigint): string => lastId.toString(32);

function decodeNextToken(token: string): bigint | undefined {
  if (!/^[0-9a-v]{1,14}$/.test(token)) return undefined;
  let value = 0n;
  for (const digit of token) value = value * 32n + BigInt(parseInt(digit, 32));
  return value;
}

function parseTime(query: URLSearchParams, name: string, errors: ParameterError[], nowMs: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    errors.push(problem(name, raw, `Invalid '${name}':'${raw}'. '${name}' must be a valid ISO 8601 date`));
  else if (name === 'start_time' && ms < nowMs - SEVEN_DAYS_MS) {
    const earliest = new Date(nowMs - SEVEN_DAYS_MS).toISOString();
    errors.push(problem(name, raw, `Invalid 'start_time':'${raw}'. 'start_time' must be on or after ${earliest}`));
  }
  return ms;
}

/** Validates the parameters of `GET /2/tweets/search/recent` other than fields and expansions. */
export function parseRecentSearch(query: URLSearchParams, nowMs: number): RecentSearchRequest | ParameterError[] {
  const errors: ParameterError[] = [];
  const text = query.get('query') ?? '';
  const syntax = text === '' ? undefined : validateRule(text, { maxLength: MAX_QUERY_LENGTH });
  if (text === '') errors.push(problem('query', text, 'The `query` query parameter can not be empty'));
  else if (syntax !== undefined) {
    errors.push(problem('query', text, `There were errors processing your request: ${syntax.message}`));
  }
  const rawMax = query.get('max_results') ?? '10';
  const maxResults = Number(rawMax);
  if (!/^[0-9]+$/.test(rawMax) || maxResults < 10 || maxResults > 100) {
    errors.push(
      problem('max_results', rawMax, `The \`max_results\` query parameter value [${rawMax}] is not between 10 and 100`),
    );
  }
  const bounds: { above?: bigint; below?: bigint } = {};
  for (const name of ['since_id', 'until_id'] as const) {
    const raw = query.get(name);
    if (raw === null) continue;
    if (!ID.test(raw)) errors.push(problem(name, raw, `The \`${name}\` query parameter value [${raw}] is not valid`));
    else if (name === 'since_id' && snowflakeTimeMs(raw) < nowMs - SEVEN_DAYS_MS) {
      // Recent search covers 7 days; X refuses an older since_id (exact wording unrecorded).
      const earliest = new Date(nowMs - SEVEN_DAYS_MS).toISOString();
      errors.push(
        problem(name, raw, `Invalid 'since_id':'${raw}'. 'since_id' must be a post id created on or after ${earliest}`),
      );
    } else if (name === 'since_id') bounds.above = BigInt(raw);
    else bounds.below = BigInt(raw);
  }
  const token = query.get('next_token') ?? query.get('pagination_token');
  if (token !== null) {
    const below = decodeNextToken(token);
    if (below === undefined)
      errors.push(problem('next_token', token, `The \`next_token\` query parameter value [${token}] is not valid`));
    else bounds.below = bounds.below === undefined || below < bounds.below ? below : bounds.below;
  }
  const sort = query.get('sort_order');
  if (sort !== null && sort !== 'recency' && sort !== 'relevancy') {
    errors.push(
      problem(
        'sort_order',
        sort,
        `The \`sort_order\` query parameter value [${sort}] is not one of [recency,relevancy]`,
      ),
    );
  }
  const fromMs = parseTime(query, 'start_time', errors, nowMs);
  const toMs = parseTime(query, 'end_time', errors, nowMs);
  if (errors.length > 0) return errors;
  return {
    query: new RuleSet([{ value: text }], { maxLength: MAX_QUERY_LENGTH }),
    maxResults,
    ...bounds,
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
  };
}

function inWindow(tweet: StoredTweet, request: RecentSearchRequest): boolean {
  if (request.above !== undefined && tweet.key <= request.above) return false;
  if (request.below !== undefined && tweet.key >= request.below) return false;
  if (request.fromMs === undefined && request.toMs === undefined) return true;
  const ms = snowflakeTimeMs(tweet.id);
  return (request.fromMs === undefined || ms >= request.fromMs) && (request.toMs === undefined || ms < request.toMs);
}

/**
 * One page of matching tweets, newest first, shaped like X's answer:
 * `{data, includes, meta: {newest_id, oldest_id, result_count, next_token}}`,
 * or just `{meta: {result_count: 0}}` when nothing matches. `sort_order=relevancy`
 * is answered by recency.
 */
export function searchPage(store: TweetStore, request: RecentSearchRequest, selection: FieldSelection): JsonObject {
  const page: StoredTweet[] = [];
  let more = false;
  for (const tweet of store.newestFirst()) {
    if (!inWindow(tweet, request) || request.query.match(prepareStoredTweet(tweet)).length === 0) continue;
    if (page.length === request.maxResults) {
      more = true;
      break;
    }
    page.push(tweet);
  }
  const newest = page[0];
  const oldest = page[page.length - 1];
  if (newest === undefined || oldest === undefined) return { meta: { result_count: 0 } };
  const includes = buildIncludes(
    page.map((t) => ({ tweet: t.data, source: store.includesSourceFor(t) })),
    selection,
  );
  return {
    data: page.map((t) => shapeTweet(t.data, selection)),
    ...(includes === undefined ? {} : { includes }),
    meta: {
      newest_id: newest.id,
      oldest_id: oldest.id,
      result_count: page.length,
      ...(more ? { next_token: encodeNextToken(oldest.key) } : {}),
    },
  };
}
