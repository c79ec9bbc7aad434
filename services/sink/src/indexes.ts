import { MongoServerError, type Collection, type IndexDescription } from 'mongodb';
import { withPrivilege } from '@tweet-pipeline/mongo';
import type { Logger } from '@tweet-pipeline/observability';
import type { TweetDocument } from './to-document.js';

/**
 * The query shapes the stored tweets serve: by time, by hashtag, by author, by
 * matched keyword, and by edit chain (each version of an edited post lists
 * the chain, oldest first, so a query by the first id finds every version).
 */
export const TWEET_INDEXES = [
  { key: { created_at: 1 }, name: 'created_at_1' },
  { key: { hashtags: 1, created_at: -1 }, name: 'hashtags_1_created_at_-1' },
  { key: { 'author.id': 1, created_at: -1 }, name: 'author.id_1_created_at_-1' },
  { key: { matched_keywords: 1 }, name: 'matched_keywords_1' },
  { key: { 'data.edit_history_tweet_ids': 1 }, name: 'data.edit_history_tweet_ids_1' },
] as const satisfies readonly IndexDescription[];

export const TTL_INDEX_NAME = 'received_at_ttl';

const NOT_IMPLEMENTED = 238;
const INDEX_OPTIONS_CONFLICT = 85;

export type RetentionState =
  | 'none'
  | 'enabled'
  | 'updated'
  /** The server has no TTL indexes (FerretDB): nothing expires. */
  | 'unsupported'
  /** SINK_TTL_DAYS is 0 but a TTL index from an earlier setting still expires documents. */
  | 'left-in-place';

/**
 * Creates the tweet indexes and, when `ttlSeconds` is set, the retention
 * index on `received_at`. Idempotent, so every start calls it. Indexes are
 * created one per command: FerretDB 1.24 drops the connection when one
 * createIndexes names several indexes that all exist.
 *
 * @throws MongoPrivilegeError when the user may not create or change an index
 *   (naming the action and the roles that grant it); the driver's error for
 *   anything else but a missing TTL feature.
 */
export async function ensureIndexes(
  collection: Collection<TweetDocument>,
  ttlSeconds: number | null,
  log: Logger,
): Promise<RetentionState> {
  const namespace = `${collection.dbName}.${collection.collectionName}`;
  for (const index of TWEET_INDEXES) {
    await withPrivilege('createIndex', namespace, () => collection.createIndex(index.key, { name: index.name }));
  }
  const indexes = await withPrivilege('listIndexes', namespace, () => collection.listIndexes().toArray());
  const existing = indexes.find((index) => index.name === TTL_INDEX_NAME);
  if (ttlSeconds === null) {
    if (existing === undefined) return 'none';
    log.warn(
      { index: TTL_INDEX_NAME, expireAfterSeconds: existing.expireAfterSeconds },
      'SINK_TTL_DAYS is 0 but a TTL index still expires documents; drop it by hand to keep them',
    );
    return 'left-in-place';
  }
  try {
    await withPrivilege('createIndex', namespace, () =>
      collection.createIndex({ received_at: 1 }, { name: TTL_INDEX_NAME, expireAfterSeconds: ttlSeconds }),
    );
    return 'enabled';
  } catch (err) {
    if (err instanceof MongoServerError && err.code === NOT_IMPLEMENTED) {
      log.warn(
        { reason: err.message },
        'the database has no TTL indexes: SINK_TTL_DAYS is NOT enforced and documents are kept; expire them another way',
      );
      return 'unsupported';
    }
    if (err instanceof MongoServerError && err.code === INDEX_OPTIONS_CONFLICT) {
      // Same key, other expiry: change it in place rather than drop and rebuild.
      await withPrivilege('collMod', namespace, () =>
        collection.db.command({
          collMod: collection.collectionName,
          index: { name: TTL_INDEX_NAME, expireAfterSeconds: ttlSeconds },
        }),
      );
      log.info({ expireAfterSeconds: ttlSeconds }, 'retention changed on the existing TTL index');
      return 'updated';
    }
    throw err;
  }
}
