// MongoDB for pipeline services: one client set-up, one reading of driver errors, waiting out outages, exactly-once counters.
export { backoffDelay, type BackoffPolicy } from '@tweet-pipeline/observability';
export {
  DUPLICATE_KEY_CODES,
  TRANSIENT_SERVER_CODES,
  describeDatabaseError,
  isDatabaseUnavailable,
  isDuplicateKey,
  writeErrorCount,
} from './errors.js';
export {
  isMissingPrivilege,
  isUnauthorized,
  MongoPrivilegeError,
  PrivilegedActions,
  withPrivilege,
  type PrivilegedAction,
} from './privilege.js';
export { describeServer, ServerGaps, type ServerGap, type ServerInfo } from './server-info.js';
export {
  connectWithRetry,
  createMongoClient,
  retryWhileUnavailable,
  securityOptions,
  type MongoClientOptions,
  type RetryOptions,
} from './connection.js';
export {
  addCounts,
  counterUpdate,
  planIncrements,
  type CounterBatch,
  type CounterDocument,
  type CounterHit,
  type CounterIncrement,
} from './partition-counters.js';
