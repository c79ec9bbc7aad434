// The producer's building blocks, for tests and for tools that reuse them (replay, benchmarks).
export { syntheticBatches, type SyntheticSourceOptions } from './sources/synthetic-source.js';
export { RawPublisher, fitsInKafka, type RawRecord, type PublisherTopics } from './raw-publisher.js';
export { replayLine, type ReplayLine } from './replay/replay-lines.js';
export { replayFiles, type ReplayCounts, type ReplayRead } from './replay/replay-files.js';
export { jsonlLines } from './replay/jsonl-lines.js';
export { classifyStreamLine, type StreamLine } from './x/stream-line.js';
export { loadProducerConfig, type ProducerConfig } from './config.js';
export { producerMetrics, type ProducerMetrics } from './metrics.js';
export { DurableSpool, type SpooledRecord, type SpoolOptions } from './spool/durable-spool.js';
export { SpoolFullError } from './spool/spool-errors.js';
export { SpoolDrainer, type DrainerOptions } from './spool/spool-drainer.js';
export { Ingest, type IngestOptions } from './spool/ingest.js';
