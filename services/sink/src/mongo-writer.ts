import { MongoBulkWriteError, MongoError, type Collection } from 'mongodb';
import { describeDatabaseError, isDatabaseUnavailable, writeErrorCount } from '@tweet-pipeline/mongo';
import type { DuplicateResolver } from './duplicate-resolver.js';
import type { TweetDocument } from './to-document.js';
import { driverWriteConcern, type WriteConcernSettings } from './write-concern.js';
import { classifyBulkInsert, type BulkInsertView, type WriteErrorView } from './write-outcome.js';

export interface RejectedDocument {
  readonly document: TweetDocument;
  readonly code: number;
  readonly reason: string;
}

/** The result of one bulk insert, per document. */
export type InsertResult =
  | {
      readonly kind: 'settled';
      readonly inserted: readonly TweetDocument[];
      /** Already stored under the same `_id`: a redelivery. */
      readonly alreadyPresent: readonly TweetDocument[];
      /** Failed for a passing reason: write them again. */
      readonly retry: readonly TweetDocument[];
      readonly rejected: readonly RejectedDocument[];
    }
  | {
      /** Nothing of the batch may be counted as stored. */
      readonly kind: 'batch_failed';
      /** True when the database is unavailable or slow (wait, then write again). */
      readonly retriable: boolean;
      readonly code: number;
      readonly reason: string;
    };

export interface InsertOptions {
  readonly writeConcern: WriteConcernSettings;
  readonly duplicates: DuplicateResolver;
}

/**
 * Inserts a batch as ONE unordered bulk write keyed by `_id`, so one bad or
 * already-stored document neither stops nor rewrites the others.
 *
 * @throws only what is not a database error (a programming error).
 */
export async function insertBatch(
  collection: Collection<TweetDocument>,
  documents: readonly TweetDocument[],
  options: InsertOptions,
): Promise<InsertResult> {
  if (documents.length === 0) return { kind: 'settled', inserted: [], alreadyPresent: [], retry: [], rejected: [] };
  let view: BulkInsertView;
  try {
    const result = await collection.insertMany([...documents], {
      ordered: false,
      writeConcern: driverWriteConcern(options.writeConcern),
    });
    view = { documentCount: documents.length, insertedCount: result.insertedCount, writeErrors: [] };
  } catch (err) {
    if (!(err instanceof MongoError)) throw err;
    if (!(err instanceof MongoBulkWriteError) || (writeErrorCount(err) === 0 && writeConcernError(err) === undefined)) {
      return { kind: 'batch_failed', retriable: isDatabaseUnavailable(err), ...describeDatabaseError(err) };
    }
    view = bulkErrorView(err, documents.length);
  }
  const outcome = classifyBulkInsert(view);
  if (outcome.kind === 'batch_failed') return outcome;
  const at = (index: number): TweetDocument => documents[index]!;
  const alreadyPresent = outcome.alreadyPresent.map(at);
  const rejected: RejectedDocument[] = outcome.rejected.map((r) => ({
    document: at(r.index),
    code: r.code,
    reason: r.reason,
  }));
  if (outcome.ambiguousDuplicates.length > 0) {
    const ambiguous = outcome.ambiguousDuplicates.map(at);
    let stored: Set<string>;
    try {
      stored = await options.duplicates.storedIds(ambiguous);
    } catch (err) {
      if (!(err instanceof MongoError)) throw err;
      return { kind: 'batch_failed', retriable: isDatabaseUnavailable(err), ...describeDatabaseError(err) };
    }
    const messages = new Map(outcome.ambiguousDuplicates.map((i) => [at(i)._id, writeErrorMessage(view, i)]));
    for (const document of ambiguous) {
      if (stored.has(document._id)) alreadyPresent.push(document);
      else {
        rejected.push({
          document,
          code: 11000,
          reason: `duplicate key on a unique index other than _id: ${messages.get(document._id) ?? 'E11000'}`,
        });
      }
    }
  }
  return {
    kind: 'settled',
    inserted: outcome.inserted.map(at),
    alreadyPresent,
    retry: outcome.retry.map(at),
    rejected,
  };
}

function bulkErrorView(err: MongoBulkWriteError, documentCount: number): BulkInsertView {
  const raw = err.writeErrors;
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const writeErrors: WriteErrorView[] = list.map((e) => ({
    index: e.index,
    code: e.code,
    errmsg: e.errmsg ?? `code ${e.code}`,
  }));
  const concern = writeConcernError(err);
  return {
    documentCount,
    insertedCount: err.insertedCount,
    writeErrors,
    ...(concern === undefined
      ? {}
      : { writeConcernError: { code: concern.code ?? 0, errmsg: concern.errmsg ?? 'write concern error' } }),
  };
}

function writeErrorMessage(view: BulkInsertView, index: number): string | undefined {
  return view.writeErrors.find((e) => e.index === index)?.errmsg;
}

function writeConcernError(err: MongoBulkWriteError): { code?: number; errmsg?: string } | undefined {
  return err.err ?? err.result?.getWriteConcernError();
}
