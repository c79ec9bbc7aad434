// The producer's building blocks, for tests and for tools that reuse them (replay, benchmarks).
export { syntheticBatches, type SyntheticSourceOptions } from './sources/synthetic-source.js';
export { RawPublisher, type RawRecord } from './raw-publisher.js';
export { loadProducerConfig, type ProducerConfig } from './config.js';
