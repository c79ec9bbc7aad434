import type { CleanTweetExpansions, RawStreamMessage } from '@tweet-pipeline/contracts';
import { toXObject, type XJson } from './json-copy.js';

type XObject = { [key: string]: XJson };

/**
 * Resolves the expansions of one stream message against its `includes`, as
 * X documents them: users by `id` (and mentions by `username`), posts by `id`,
 * media by `media_key`, places by `id`, polls by `id`. A reference X did not
 * include (a deleted or protected post; an expansion not requested) resolves
 * to null or is left out; X then says why in the message's `errors`. Each
 * target appears once per list, so a message cannot multiply its size. Pure.
 */
export function resolveExpansions(message: RawStreamMessage, mentions: readonly string[]): CleanTweetExpansions {
  const { data } = message;
  const includes = (message.includes ?? {}) as Record<string, unknown>;
  const users = indexBy(includes['users'], 'id');
  const usersByName = indexBy(includes['users'], 'username', (name) => name.toLowerCase());
  const tweets = indexBy(includes['tweets'], 'id');
  const media = indexBy(includes['media'], 'media_key');
  const places = indexBy(includes['places'], 'id');
  const polls = indexBy(includes['polls'], 'id');
  const attachments = (data['attachments'] ?? {}) as { media_keys?: unknown; poll_ids?: unknown };
  const geo = (data['geo'] ?? {}) as { place_id?: unknown };
  const references = uniqueBy(data.referenced_tweets ?? [], (ref) => ref.id);
  return {
    author: lookup(users, data.author_id),
    in_reply_to_user: lookup(users, data['in_reply_to_user_id']),
    mentioned_users: resolveAll(
      usersByName,
      mentions.map((name) => name.toLowerCase()),
    ),
    referenced_tweets: references.map((ref) => {
      const tweet = lookup(tweets, ref.id);
      return { type: ref.type, id: ref.id, tweet, author: lookup(users, tweet?.['author_id']) };
    }),
    media: resolveAll(media, attachments.media_keys),
    place: lookup(places, geo.place_id),
    polls: resolveAll(polls, attachments.poll_ids),
  };
}

function indexBy(list: unknown, key: string, normalise = (k: string) => k): Map<string, XObject> {
  const index = new Map<string, XObject>();
  if (!Array.isArray(list)) return index;
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const value = (item as Record<string, unknown>)[key];
    // The first object with a key wins, as a client reading includes in order would.
    if (typeof value === 'string' && !index.has(normalise(value))) index.set(normalise(value), toXObject(item));
  }
  return index;
}

function lookup(index: Map<string, XObject>, key: unknown): XObject | null {
  return typeof key === 'string' ? (index.get(key) ?? null) : null;
}

function resolveAll(index: Map<string, XObject>, keys: unknown): XObject[] {
  if (!Array.isArray(keys)) return [];
  const unique = [...new Set(keys.filter((key): key is string => typeof key === 'string'))];
  return unique.map((key) => index.get(key)).filter((item): item is XObject => item !== undefined);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}
