import type { Collection } from 'mongodb';
import type { TweetDocument } from './to-document.js';

const INDEX_LIST_TTL_MS = 60_000;
const LOOKUP_CONCURRENCY = 8;

/**
 * Tells a redelivered document (its `_id` is stored) from one that collides
 * on another unique index (refused for good), when the server's duplicate-key
 * error does not name the index — FerretDB's never does. Without a unique
 * index besides `_id` every duplicate is a redelivery and nothing is looked up.
 */
export class DuplicateResolver {
  private uniqueIndexes: { names: readonly string[]; at: number } | undefined;

  constructor(private readonly collection: Collection<TweetDocument>) {}

  /**
   * The ids, among `documents`, that the collection holds.
   *
   * @throws the driver's error when the database cannot be reached.
   */
  async storedIds(documents: readonly TweetDocument[]): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    if ((await this.otherUniqueIndexes()).length === 0) return new Set(documents.map((d) => d._id));
    // One equality lookup per id: FerretDB serves `_id` equality from its primary key but scans for `$in`.
    const stored = new Set<string>();
    for (let i = 0; i < documents.length; i += LOOKUP_CONCURRENCY) {
      const found = await Promise.all(
        documents
          .slice(i, i + LOOKUP_CONCURRENCY)
          .map((d) => this.collection.findOne({ _id: d._id }, { projection: { _id: 1 } })),
      );
      for (const document of found) if (document !== null) stored.add(document._id);
    }
    return stored;
  }

  /** Names of the unique indexes besides `_id_`, read at most once a minute (an operator may add one). */
  async otherUniqueIndexes(now = Date.now()): Promise<readonly string[]> {
    if (this.uniqueIndexes === undefined || now - this.uniqueIndexes.at > INDEX_LIST_TTL_MS) {
      const indexes = await this.collection.listIndexes().toArray();
      const names = indexes
        .filter((index) => index.unique === true && index.name !== '_id_')
        .map((i) => String(i.name));
      this.uniqueIndexes = { names, at: now };
    }
    return this.uniqueIndexes.names;
  }
}
