import { illFormedReason, illFormedStringPath, isXPostId, type TweetSource } from '@tweet-pipeline/contracts';
import type { RawRecord } from '../raw-publisher.js';

/** A page of `GET /2/tweets/search/recent` (or a twarc2 line holding one). */
export interface SearchPage {
  readonly data: readonly unknown[];
  readonly includes?: { readonly users?: unknown };
  readonly meta?: { readonly newest_id?: string; readonly next_token?: string; readonly result_count?: number };
}

interface SearchTweet {
  readonly id?: unknown;
  readonly author_id?: unknown;
}

export function isSearchPage(json: unknown): json is SearchPage {
  return typeof json === 'object' && json !== null && Array.isArray((json as { data?: unknown }).data);
}

/**
 * One stream-shaped message (`data` + `includes.users` of its own author) per
 * tweet of a search page, so downstream sees one message shape whatever the
 * source. Numbers beyond 2^53 (parsed as BigInt) keep every digit. A result
 * that is not an object with an X post id (1–19 digits), or that holds text that
 * is not well-formed Unicode, becomes a record for the DLQ;
 * `includes.users` of the wrong shape is ignored. Never throws.
 */
export function searchPageRecords(page: SearchPage, receivedAt: number, source: TweetSource): RawRecord[] {
  const users = new Map<unknown, unknown>();
  const listed = page.includes?.users;
  if (Array.isArray(listed)) for (const user of listed) if (isObject(user)) users.set(user.id, user);
  return page.data.map((item) => {
    const tweet: SearchTweet = isObject(item) ? item : {};
    const author = users.get(tweet.author_id);
    const value = JSON.stringify(
      { data: item, includes: author === undefined ? {} : { users: [author] } },
      (_key, v: unknown) => (typeof v === 'bigint' ? rawJson(v.toString()) : v),
    );
    if (typeof tweet.id !== 'string' || !isXPostId(tweet.id)) {
      return {
        key: '',
        value,
        source,
        receivedAt,
        invalid: 'search result without an X post id (1-19 decimal digits)',
      };
    }
    const illFormed = illFormedStringPath(item);
    if (illFormed !== undefined) return { key: '', value, source, receivedAt, invalid: illFormedReason(illFormed) };
    return { key: tweet.id, value, source, receivedAt };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// JSON.rawJSON (ES2025) is in Node 22+; TypeScript's lib does not type it yet.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
