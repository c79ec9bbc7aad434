// Harness for running the pipeline in tests and local tools: where the real
// servers are, unique names, reading topics, child service processes, fixtures.
export { testStack, type StackEndpoints } from './stack.js';
export { uniqueName, testTopics, topicEnv } from './names.js';
export { testKafka, readTopic, deleteTopics, waitFor, type ReadOptions, type ReadRecord } from './kafka-helpers.js';
export { ServiceProcess, serviceEntry, type ServiceSpec } from './service-process.js';
export { fixturesDir, fixtureLines } from './fixtures.js';
export { localStackControl, type StackComponent } from './outage.js';
export { sumMetric, histogramQuantile } from './prometheus-text.js';
export { kafkaProducerCeiling } from './ceilings.js';
