// Harness for running the pipeline in tests and local tools: where the real
// servers are, unique names, reading topics, child service processes, fixtures,
// and TestWorld: one integration test file's topics, databases, clients and
// processes, set up and cleaned up together.
export { testStack, type StackEndpoints } from './stack.js';
export { ensureLocalStack, localStackScript, type LocalStack, type LocalStackOptions } from './local-stack.js';
export { runCommandIsolated, type CommandRun } from './command-run.js';
export { formatCommittedReport } from './format-report.js';
export { uniqueName, uniqueDatabaseName, testTopics, topicEnv, pipelineEnv, type TestTopics } from './names.js';
export {
  testKafka,
  readTopic,
  deleteTopics,
  waitFor,
  createTestTopics,
  connectedProducer,
  sendAll,
  ALL_TOPIC_ROLES,
  type ReadOptions,
  type ReadRecord,
  type TopicRole,
  type TestTopicOptions,
} from './kafka-helpers.js';
export { groupProgress, groupCaughtUp, type GroupProgress, type PartitionProgress } from './group-progress.js';
export { openTestWorld, TestWorld, type TestWorldOptions, type WorldServiceOptions, type Stoppable } from './world.js';
export { ServiceProcess, type ServiceSpec } from './service-process.js';
export {
  repoRoot,
  workspaceDir,
  runsFromSource,
  nodeArgs,
  serviceEntry,
  workspaceEntry,
  sourceLoaderArgs,
} from './repo-paths.js';
export { freePort } from './ports.js';
export { fixturesDir, fixtureLines } from './fixtures.js';
export { localStackControl, type StackComponent } from './outage.js';
export { sumMetric, histogramQuantile } from './prometheus-text.js';
export { kafkaProducerCeiling } from './ceilings.js';
export { describeMachine, type Machine } from './machine.js';
