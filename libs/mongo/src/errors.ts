import {
  MongoBulkWriteError,
  MongoError,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** Duplicate key (11001 is the pre-2.6 spelling some compatible servers still use). */
export const DUPLICATE_KEY_CODES: ReadonlySet<number> = new Set([11000, 11001]);

/**
 * Server error codes that pass by themselves: shutting down, not primary,
 * interrupted, timed out, write conflict, lock busy. InternalError (1) is
 * included because FerretDB reports a busy backend (SQLite "database is
 * locked") that way; refusing a valid document for it would lose data.
 */
export const TRANSIENT_SERVER_CODES: ReadonlySet<number> = new Set([
  1, 6, 7, 24, 46, 50, 64, 89, 91, 112, 133, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

/** Labels the driver puts on errors that a later attempt can get past. */
const RETRIABLE_LABELS = ['RetryableWriteError', 'ResetPool', 'PoolRequestedRetry', 'SystemOverloadedError'] as const;

/**
 * Whether a thrown database error means "unavailable or slow" (wait and write
 * again) rather than "refused". A bulk write that failed on the network is
 * thrown as a MongoBulkWriteError with no write errors that wraps the network
 * error; this looks through the wrapper.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError && writeErrorCount(err) === 0 && err.errorResponse instanceof Error) {
    return isDatabaseUnavailable(err.errorResponse);
  }
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoOperationTimeoutError ||
    // After a failed connect the client stays closed until connect() is called again (the probe does).
    err instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (err instanceof MongoError && err.name === 'MongoWaitQueueTimeoutError') return true;
  if (err instanceof MongoError && RETRIABLE_LABELS.some((label) => err.hasErrorLabel(label))) return true;
  return err instanceof MongoServerError && TRANSIENT_SERVER_CODES.has(Number(err.code));
}

/** Number of per-document errors in a bulk write error (the driver types it as one or many). */
export function writeErrorCount(err: MongoBulkWriteError): number {
  const { writeErrors } = err;
  if (writeErrors === undefined || writeErrors === null) return 0;
  return Array.isArray(writeErrors) ? writeErrors.length : 1;
}

/** A short, secret-free description of a database error for logs and DLQ headers. */
export function describeDatabaseError(err: unknown): { code: number; reason: string } {
  if (err instanceof MongoBulkWriteError && writeErrorCount(err) === 0 && err.errorResponse instanceof Error) {
    return describeDatabaseError(err.errorResponse);
  }
  if (err instanceof MongoError) {
    const code = typeof err.code === 'number' ? err.code : Number(err.code ?? 0) || 0;
    return { code, reason: `${err.name}: ${err.message}` };
  }
  return { code: 0, reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** A single-document write that collided with an existing `_id` (or other unique key). */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && DUPLICATE_KEY_CODES.has(Number(err.code));
}
