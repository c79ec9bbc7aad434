// The producer's building blocks, for tests and for tools that reuse them (replay, benchmarks).
export { syntheticBatches, type SyntheticSourceOptions } from './sources/synthetic-source.js';
export { RawPublisher, type RawRecord } from './raw-publisher.js';
export { loadProducerConfig, type ProducerConfig } from './config.js';
export { DurableSpool, type SpooledRecord, type SpoolOptions } from './spool/durable-spool.js';
export { SpoolFullError } from './spool/spool-errors.js';
export { SpoolDrainer, type DrainerOptions } from './spool/spool-drainer.js';
export { Ingest, type IngestOptions } from './spool/ingest.js';
