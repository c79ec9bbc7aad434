import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** Unauthorized (13): the user lacks a privilege; 8000 is Atlas's spelling of the same refusal. */
const UNAUTHORIZED_CODES: ReadonlySet<number> = new Set([13, 8000]);

/**
 * The administrative actions the services run at start, and which roles grant
 * them. `readWrite` grants createIndex and listIndexes but not collMod, so a
 * retention change needs more than the role a writer normally gets.
 */
export const PrivilegedActions = {
  createIndex: 'the built-in role readWrite or dbAdmin, or a custom role with the createIndex action',
  listIndexes: 'the built-in role read, readWrite or dbAdmin, or a custom role with the listIndexes action',
  collMod: 'the built-in role dbAdmin (readWrite is not enough), or a custom role with the collMod action',
} as const;
export type PrivilegedAction = keyof typeof PrivilegedActions;

/** Whether the server refused a command because the user lacks a privilege. */
export function isUnauthorized(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError && err.errorResponse instanceof Error)
    return isUnauthorized(err.errorResponse);
  return err instanceof MongoServerError && UNAUTHORIZED_CODES.has(Number(err.code));
}

/**
 * The database user lacks a privilege the service needs (code MISSING_PRIVILEGE).
 * Not retriable by itself: an operator grants the role; services wait for that
 * with /readyz showing this message instead of restarting in a loop.
 */
export class MongoPrivilegeError extends Error {
  readonly code = 'MISSING_PRIVILEGE';
  readonly retriable = false;
  constructor(
    readonly action: PrivilegedAction,
    readonly namespace: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the database user may not run ${action} on ${namespace}: grant ${PrivilegedActions[action]} on ${namespace}`,
      options,
    );
    this.name = 'MongoPrivilegeError';
  }
}

/**
 * Runs `operation`, turning "not authorized" into a MongoPrivilegeError that
 * names the action, the namespace (`db.collection`) and the roles that grant
 * it. Other errors pass unchanged.
 *
 * @throws MongoPrivilegeError; the operation's own error otherwise.
 */
export async function withPrivilege<T>(
  action: PrivilegedAction,
  namespace: string,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (isUnauthorized(err)) throw new MongoPrivilegeError(action, namespace, { cause: err });
    throw err;
  }
}

/** Whether `err` is a MongoPrivilegeError: for `retryAlso`, so a service waits for the grant. */
export function isMissingPrivilege(err: unknown): err is MongoPrivilegeError {
  return err instanceof MongoPrivilegeError;
}
