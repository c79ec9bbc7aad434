/**
 * What one unordered bulk insert did to each document of the batch. Pure: the
 * adapter (mongo-writer.ts) turns the driver's result or error into this view.
 */

import { DUPLICATE_KEY_CODES, TRANSIENT_SERVER_CODES } from '@tweet-pipeline/mongo';

/** One per-document error as the server reported it. */
export interface WriteErrorView {
  readonly index: number;
  readonly code: number;
  readonly errmsg: string;
}

/** The shape of a finished or failed `insertMany`, stripped of driver types. */
export interface BulkInsertView {
  readonly documentCount: number;
  readonly insertedCount: number;
  readonly writeErrors: readonly WriteErrorView[];
  /** Set when the documents were written but the write concern was not satisfied. */
  readonly writeConcernError?: { readonly code: number; readonly errmsg: string };
}

export type WriteOutcome =
  | {
      readonly kind: 'settled';
      /** Indexes of documents stored by this write. */
      readonly inserted: readonly number[];
      /** Indexes whose `_id` was already stored: a redelivery, not an error. */
      readonly alreadyPresent: readonly number[];
      /** Duplicate-key errors that do not say which index (FerretDB): `_id` or another unique index. */
      readonly ambiguousDuplicates: readonly number[];
      /** Indexes that failed for a passing reason: write them again. */
      readonly retry: readonly number[];
      /** Documents the server refused for good: to the DLQ with the reason. */
      readonly rejected: readonly { readonly index: number; readonly code: number; readonly reason: string }[];
    }
  | {
      /** The whole command failed: nothing can be counted as stored. */
      readonly kind: 'batch_failed';
      readonly code: number;
      readonly reason: string;
      readonly retriable: boolean;
    };

/** Write-concern failures that a later retry can satisfy (timeout, shutdown, step-down). */
const TRANSIENT_WRITE_CONCERN_CODES: ReadonlySet<number> = new Set([64, 91, 189, 11600, 11602, 10107, 13435]);

/** MongoDB names the index in the message ("… index: _id_ dup key: …"); FerretDB does not. */
const DUPLICATE_INDEX = /\bindex: (\S+) dup key/;

/**
 * Sorts a bulk insert's result into stored, already present, to retry and
 * refused. A write-concern error fails the whole batch: the data may be
 * there, but not as durable as configured, and rewriting it is idempotent.
 */
export function classifyBulkInsert(view: BulkInsertView): WriteOutcome {
  const { documentCount, insertedCount, writeErrors } = view;
  // A failed command shows up as one write error at index 0 with nothing inserted:
  // the other documents were never tried, so none of them may be counted as stored.
  if (writeErrors.length > 0 && insertedCount + writeErrors.length < documentCount) {
    const first = writeErrors[0]!;
    return {
      kind: 'batch_failed',
      code: first.code,
      reason: first.errmsg,
      retriable: TRANSIENT_SERVER_CODES.has(first.code),
    };
  }
  if (view.writeConcernError !== undefined) {
    // Written (some of it), but not as durable as configured: the batch counts as not written.
    const { code, errmsg } = view.writeConcernError;
    return { kind: 'batch_failed', code, reason: errmsg, retriable: TRANSIENT_WRITE_CONCERN_CODES.has(code) };
  }
  const failed = new Set<number>();
  const alreadyPresent: number[] = [];
  const ambiguousDuplicates: number[] = [];
  const retry: number[] = [];
  const rejected: { index: number; code: number; reason: string }[] = [];
  for (const error of writeErrors) {
    if (error.index < 0 || error.index >= documentCount || failed.has(error.index)) continue;
    failed.add(error.index);
    if (DUPLICATE_KEY_CODES.has(error.code)) {
      const index = DUPLICATE_INDEX.exec(error.errmsg)?.[1];
      if (index === '_id_') alreadyPresent.push(error.index);
      else if (index === undefined) ambiguousDuplicates.push(error.index);
      else rejected.push({ index: error.index, code: error.code, reason: error.errmsg });
    } else if (TRANSIENT_SERVER_CODES.has(error.code)) {
      retry.push(error.index);
    } else {
      rejected.push({ index: error.index, code: error.code, reason: error.errmsg });
    }
  }
  const inserted: number[] = [];
  for (let i = 0; i < documentCount; i++) if (!failed.has(i)) inserted.push(i);
  return { kind: 'settled', inserted, alreadyPresent, ambiguousDuplicates, retry, rejected };
}
