// The sink's building blocks, for tests and for tools that reuse them (DR rebuild, benchmarks).
export { toDocument, type TweetDocument } from './to-document.js';
export { parseClean, type ParsedClean } from './parse-clean.js';
export { insertBatch, isRetriableMongoError, type WriteOutcome } from './mongo-writer.js';
export { writeUntilSettled, type RetryPolicy } from './write-with-retry.js';
export { loadSinkConfig, type SinkConfig } from './config.js';
