// The sink's building blocks, for tests and for tools that reuse them (DR rebuild, benchmarks).
export { toDocument, type TweetDocument } from './to-document.js';
export { escapeStorageKey, escapeStorageKeys, unescapeStorageKey, unescapeStorageKeys } from './storage-keys.js';
export { parseClean, type ParsedClean } from '@tweet-pipeline/contracts';
export { toSinkEntry, type SinkEntry } from './sink-entry.js';
export { classifyBulkInsert, type BulkInsertView, type WriteErrorView, type WriteOutcome } from './write-outcome.js';
export { insertBatch, type InsertResult, type InsertOptions, type RejectedDocument } from './mongo-writer.js';
export { writeBatch, type BatchWriteResult, type BatchWriterOptions } from './batch-writer.js';
export { DuplicateResolver } from './duplicate-resolver.js';
export { DatabaseAvailability, type DatabaseAvailabilityOptions } from './database-availability.js';
export {
  PartitionBatcher,
  type PartitionBatcherOptions,
  type TopicPartition,
  type OffsetEntry,
  type FlushContext,
  type FlushResult,
} from './partition-batcher.js';
export { ensureIndexes, TWEET_INDEXES, TTL_INDEX_NAME, type RetentionState } from './indexes.js';
export { parseWriteConcern, type WriteConcernSettings } from './write-concern.js';
export { probeWrite } from './mongo-connection.js';
export { SinkError, SinkErrorCodes, type SinkErrorCode } from './errors.js';
export { loadSinkConfig, sinkMongoClientOptions, type SinkConfig } from './config.js';
export { parseRebuildArgs, type RebuildArgs } from './rebuild-args.js';
