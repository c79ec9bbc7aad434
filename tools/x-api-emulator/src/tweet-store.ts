import type { IncludesSource } from './field-selection.js';
import { objectsIn as objects, type JsonObject } from './json-object.js';

/** A tweet as received (all its fields), with the `includes` of the message that carried it. */
export interface StoredTweet {
  readonly id: string;
  readonly key: bigint;
  readonly data: JsonObject;
  readonly includes: JsonObject;
  readonly authorUsername?: string;
  readonly storedAt: number;
}

/** An X v2 stream message as injected: `data` is required, `includes` optional; other keys are ignored. */
export interface TweetMessage {
  readonly data: JsonObject & { readonly id: string; readonly text: string };
  readonly includes?: JsonObject;
}

export interface TweetStoreOptions {
  /** Most tweets kept for recent search; the lowest ids go first. */
  readonly capacity: number;
  /** Tweets stored longer ago than this are no longer found (X: 7 days). */
  readonly retentionMs: number;
  readonly now?: () => number;
}

const DIRECTORY_CAPACITY = 100_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > DIRECTORY_CAPACITY) map.delete(map.keys().next().value as string);
}

/**
 * Every tweet the emulator has seen lately, ordered by id, for recent search
 * and for expansions (X knows every user and tweet, so an injected tweet may
 * expand to a user seen in an earlier message).
 */
export class TweetStore {
  private tweets: StoredTweet[] = [];
  private readonly byId = new Map<string, StoredTweet>();
  private readonly users = new Map<string, JsonObject>();
  private readonly usernames = new Map<string, JsonObject>();
  private readonly referenced = new Map<string, JsonObject>();
  private readonly now: () => number;
  private sinceCompaction = 0;

  constructor(private readonly options: TweetStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Stores a tweet and learns its includes. A repeated id keeps the first copy
   * in the store; the returned view is always of the message given, since a
   * redelivery is sent as it comes.
   */
  add(message: TweetMessage): StoredTweet {
    const includes = message.includes ?? {};
    for (const user of objects(includes['users'])) {
      if (typeof user['id'] === 'string') remember(this.users, user['id'], user);
      if (typeof user['username'] === 'string') remember(this.usernames, user['username'].toLowerCase(), user);
    }
    for (const tweet of objects(includes['tweets'])) {
      if (typeof tweet['id'] === 'string') remember(this.referenced, tweet['id'], tweet);
    }
    const author =
      typeof message.data['author_id'] === 'string' ? this.users.get(message.data['author_id']) : undefined;
    const stored: StoredTweet = {
      id: message.data.id,
      key: BigInt(message.data.id),
      data: message.data,
      includes,
      ...(typeof author?.['username'] === 'string' ? { authorUsername: author['username'] } : {}),
      storedAt: this.now(),
    };
    if (!this.byId.has(stored.id)) this.insert(stored);
    return stored;
  }

  private insert(stored: StoredTweet): void {
    const last = this.tweets[this.tweets.length - 1];
    if (last === undefined || last.key < stored.key) {
      this.tweets.push(stored);
    } else {
      let low = 0;
      let high = this.tweets.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (this.tweets[mid]!.key < stored.key) low = mid + 1;
        else high = mid;
      }
      this.tweets.splice(low, 0, stored);
    }
    this.byId.set(stored.id, stored);
    // Evict in batches: shifting a 50k array on every insert would cost more than the rest of the emulator.
    if (this.tweets.length > this.options.capacity * 1.1 || ++this.sinceCompaction >= 1_000) this.compact();
  }

  private compact(): void {
    this.sinceCompaction = 0;
    const oldest = this.now() - this.options.retentionMs;
    const kept = this.tweets.filter((t) => t.storedAt >= oldest).slice(-this.options.capacity);
    if (kept.length !== this.tweets.length) {
      const keptIds = new Set(kept.map((t) => t.id));
      for (const t of this.tweets) if (!keptIds.has(t.id)) this.byId.delete(t.id);
    }
    this.tweets = kept;
  }

  /** Stored tweets from the newest id down, within retention. */
  *newestFirst(): Generator<StoredTweet> {
    const oldest = this.now() - this.options.retentionMs;
    for (let i = this.tweets.length - 1; i >= 0; i--) {
      const tweet = this.tweets[i]!;
      if (tweet.storedAt >= oldest) yield tweet;
    }
  }

  get size(): number {
    return this.tweets.length;
  }

  /** Lookups for expansions: the message's own includes first, then everything seen before. */
  includesSourceFor(tweet: StoredTweet): IncludesSource {
    const own = (kind: string, key: string, value: string) =>
      objects(tweet.includes[kind]).find((item) => item[key] === value);
    return {
      user: (id) => own('users', 'id', id) ?? this.users.get(id),
      userByUsername: (name) =>
        objects(tweet.includes['users']).find((u) => String(u['username']).toLowerCase() === name.toLowerCase()) ??
        this.usernames.get(name.toLowerCase()),
      tweet: (id) => own('tweets', 'id', id) ?? this.byId.get(id)?.data ?? this.referenced.get(id),
      media: (key) => own('media', 'media_key', key),
      place: (id) => own('places', 'id', id),
      poll: (id) => own('polls', 'id', id),
    };
  }

  clear(): void {
    this.tweets = [];
    this.byId.clear();
    this.users.clear();
    this.usernames.clear();
    this.referenced.clear();
  }
}
