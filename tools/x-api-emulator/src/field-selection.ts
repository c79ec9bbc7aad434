import { objectsIn as objects, stringsIn as strings, type JsonObject } from './json-object.js';
import type { ParameterError } from './x-problems.js';
import { EXPANSIONS, FIELD_PARAMETERS, type Expansion, type FieldParameter } from './x-fields.js';

/** What a request asked to see: per object type the fields X returns, and the expansions. */
export interface FieldSelection {
  readonly fields: Readonly<Record<FieldParameter, ReadonlySet<string>>>;
  readonly expansions: ReadonlySet<Expansion>;
}

/** Where expansions find the objects they pull into `includes`. */
export interface IncludesSource {
  user(id: string): JsonObject | undefined;
  userByUsername(username: string): JsonObject | undefined;
  tweet(id: string): JsonObject | undefined;
  media(key: string): JsonObject | undefined;
  place(id: string): JsonObject | undefined;
  poll(id: string): JsonObject | undefined;
}

/** The `includes` of a response; X leaves out empty lists and leaves out `includes` when all are empty. */
export type Includes = Partial<Record<'users' | 'tweets' | 'media' | 'places' | 'polls', JsonObject[]>>;

function listParameter(query: URLSearchParams, name: string, allowed: readonly string[]): string[] | ParameterError {
  const raw = query.get(name);
  if (raw === null) return [];
  const values = raw.split(',');
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length === 0) return values;
  return {
    parameters: { [name]: [raw] },
    message: `The \`${name}\` query parameter value [${bad.join(',')}] is not one of [${allowed.join(',')}]`,
  };
}

/** Reads `tweet.fields`, `user.fields`, `media.fields`, `place.fields`, `poll.fields` and `expansions`. */
export function parseFieldSelection(query: URLSearchParams): FieldSelection | ParameterError[] {
  const errors: ParameterError[] = [];
  const fields = {} as Record<FieldParameter, ReadonlySet<string>>;
  for (const [name, spec] of Object.entries(FIELD_PARAMETERS) as [
    FieldParameter,
    (typeof FIELD_PARAMETERS)[FieldParameter],
  ][]) {
    const parsed = listParameter(query, name, spec.allowed);
    if (Array.isArray(parsed)) fields[name] = new Set([...spec.defaults, ...parsed]);
    else errors.push(parsed);
  }
  const expansions = listParameter(query, 'expansions', EXPANSIONS);
  if (!Array.isArray(expansions)) errors.push(expansions);
  if (errors.length > 0) return errors;
  return { fields, expansions: new Set(expansions as Expansion[]) };
}

function pick(source: JsonObject, keep: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(source).filter(([key]) => keep.has(key)));
}

/** A tweet with only the fields asked for; X always has `edit_history_tweet_ids`, so it is made up when missing. */
export function shapeTweet(tweet: JsonObject, selection: FieldSelection): JsonObject {
  const shaped = pick(tweet, selection.fields['tweet.fields']);
  if (!('edit_history_tweet_ids' in shaped)) shaped['edit_history_tweet_ids'] = [tweet['id']];
  return shaped;
}

/** A tweet with where its expansions are looked up (its own message's includes first). */
export interface ExpandableTweet {
  readonly tweet: JsonObject;
  readonly source: IncludesSource;
}

/**
 * Resolves the requested expansions of `tweets` into X's `includes`, each
 * object cut to its requested fields, each listed once.
 */
export function buildIncludes(tweets: readonly ExpandableTweet[], selection: FieldSelection): Includes | undefined {
  const collected = {
    users: new Map<string, JsonObject>(),
    tweets: new Map<string, JsonObject>(),
    media: new Map<string, JsonObject>(),
    places: new Map<string, JsonObject>(),
    polls: new Map<string, JsonObject>(),
  };
  const add = (kind: keyof typeof collected, key: string, found: JsonObject | undefined) => {
    if (found !== undefined && !collected[kind].has(key)) collected[kind].set(key, found);
  };
  const has = (e: Expansion) => selection.expansions.has(e);
  for (const { tweet, source } of tweets) {
    if (has('author_id')) for (const id of strings(tweet['author_id'])) add('users', id, source.user(id));
    if (has('in_reply_to_user_id'))
      for (const id of strings(tweet['in_reply_to_user_id'])) add('users', id, source.user(id));
    const mentioned = (entities: unknown) => {
      const mentions = objects((entities as JsonObject | undefined)?.['mentions']);
      for (const name of mentions.flatMap((m) => strings(m['username']))) {
        const user = source.userByUsername(name);
        if (user !== undefined) add('users', String(user['id']), user);
      }
    };
    if (has('entities.mentions.username')) mentioned(tweet['entities']);
    // A long post's mentions past its first 280 characters are only in note_tweet's entities.
    if (has('entities.note.mentions.username'))
      mentioned((tweet['note_tweet'] as JsonObject | undefined)?.['entities']);
    const refs = objects(tweet['referenced_tweets']).flatMap((r) => strings(r['id']));
    for (const id of refs) {
      const referenced = source.tweet(id);
      if (has('referenced_tweets.id')) add('tweets', id, referenced);
      if (has('referenced_tweets.id.author_id') && referenced !== undefined) {
        for (const author of strings(referenced['author_id'])) add('users', author, source.user(author));
      }
    }
    const attachments = tweet['attachments'] as JsonObject | undefined;
    if (has('attachments.media_keys'))
      for (const key of strings(attachments?.['media_keys'])) add('media', key, source.media(key));
    if (has('attachments.poll_ids'))
      for (const id of strings(attachments?.['poll_ids'])) add('polls', id, source.poll(id));
    if (has('geo.place_id')) {
      for (const id of strings((tweet['geo'] as JsonObject | undefined)?.['place_id']))
        add('places', id, source.place(id));
    }
  }
  const fieldsOf = selection.fields;
  const includes: Includes = {};
  if (collected.users.size > 0)
    includes.users = [...collected.users.values()].map((u) => pick(u, fieldsOf['user.fields']));
  if (collected.tweets.size > 0) includes.tweets = [...collected.tweets.values()].map((t) => shapeTweet(t, selection));
  if (collected.media.size > 0)
    includes.media = [...collected.media.values()].map((m) => pick(m, fieldsOf['media.fields']));
  if (collected.places.size > 0)
    includes.places = [...collected.places.values()].map((p) => pick(p, fieldsOf['place.fields']));
  if (collected.polls.size > 0)
    includes.polls = [...collected.polls.values()].map((p) => pick(p, fieldsOf['poll.fields']));
  return Object.keys(includes).length > 0 ? includes : undefined;
}
