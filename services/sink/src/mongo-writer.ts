import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  type Collection,
} from 'mongodb';
import type { TweetDocument } from './to-document.js';

const DUPLICATE_KEY = 11000;
/** Server states that pass: shutting down, not primary, write concern not yet satisfied. */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 64]);

export interface WriteOutcome {
  readonly inserted: number;
  /** Ids the collection already held: a redelivery, not an error. */
  readonly alreadyPresent: number;
  /** Documents the server refused for a reason a retry cannot fix. */
  readonly rejected: { readonly document: TweetDocument; readonly code: number; readonly reason: string }[];
  /** Documents that failed for a passing reason; write them again. */
  readonly retry: TweetDocument[];
}

/**
 * Inserts a batch as one unordered bulk write keyed by `_id`, so one bad or
 * already-stored document neither stops nor rewrites the others.
 *
 * @throws the driver's error when the whole batch failed (server unreachable,
 *   timeout): see `isRetriableMongoError`.
 */
export async function insertBatch(
  collection: Collection<TweetDocument>,
  documents: readonly TweetDocument[],
): Promise<WriteOutcome> {
  if (documents.length === 0) return { inserted: 0, alreadyPresent: 0, rejected: [], retry: [] };
  try {
    const result = await collection.insertMany([...documents], { ordered: false });
    return { inserted: result.insertedCount, alreadyPresent: 0, rejected: [], retry: [] };
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError) || err.writeErrors === undefined) throw err;
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    let alreadyPresent = 0;
    const rejected: WriteOutcome['rejected'][number][] = [];
    const retry: TweetDocument[] = [];
    for (const writeError of writeErrors) {
      const document = documents[writeError.index];
      if (document === undefined) continue;
      if (writeError.code === DUPLICATE_KEY) alreadyPresent++;
      else if (TRANSIENT_SERVER_CODES.has(writeError.code)) retry.push(document);
      else rejected.push({ document, code: writeError.code, reason: writeError.errmsg ?? `code ${writeError.code}` });
    }
    return { inserted: err.insertedCount, alreadyPresent, rejected, retry };
  }
}

/** Whether the database is unavailable (back off and retry) rather than refusing the data. */
export function isRetriableMongoError(err: unknown): boolean {
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoServerError) {
    return err.hasErrorLabel('RetryableWriteError') || TRANSIENT_SERVER_CODES.has(Number(err.code));
  }
  return false;
}
