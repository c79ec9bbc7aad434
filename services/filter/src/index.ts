// The filter's pure rules, for tests and for tools that reuse them.
export {
  processBatch,
  Outcomes,
  type Outcome,
  type BatchRecord,
  type BatchResult,
  type FilterRules,
} from './process-batch.js';
export { validateRaw, type RawInput, type Validated } from './validate-raw.js';
export { tokenize, type TokenizeOptions } from './text/tokenize.js';
export { toCleanTweet, type Enrichment } from './to-clean-tweet.js';
export {
  PartitionedDedupeState,
  type PartitionSeenIds,
  type PartitionedDedupeStateOptions,
} from './dedupe/partitioned-dedupe-state.js';
export { SeenIdTable } from './dedupe/seen-id-table.js';
export { DedupeError, DedupeErrorCodes, type DedupeErrorCode } from './dedupe/errors.js';
export { batchOutput, type OutputTopics } from './batch-output.js';
export { loadFilterConfig, type FilterConfig } from './config.js';
