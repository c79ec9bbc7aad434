export {
  createKafka,
  logLevel,
  CompressionTypes,
  PartitionAssigners,
  type Kafka,
  type Producer,
  type Consumer,
  type Admin,
  type KafkaMessage,
  type EachBatchPayload,
  type IHeaders,
  type Message,
  type TopicMessages,
  type ITopicConfig,
  type KafkaClientOptions,
} from './client.js';
export { pipelineTopicSpecs, type PipelineTopicOptions, type PipelineTopicSpecs } from './topic-specs.js';
export { deleteTopics, ensureTopics } from './admin.js';
export { ensureTopicsWaiting, type EnsureTopicsWaitingOptions } from './topic-wait.js';
export {
  compareTopics,
  describeMismatch,
  MIN_MAX_MESSAGE_BYTES,
  type ExistingTopic,
  type TopicMismatch,
} from './topic-config-check.js';
export { topicConfigReader, type TopicConfigReader, type TopicConfigReaderOptions } from './topic-config-reader.js';
export { connectedProducer, createProducer, type ProducerOptions } from './producer.js';
export { runBatchConsumer, nextOffset, type BatchConsumerOptions, type RunningConsumer } from './consumer-loop.js';
export { dlqRecord, headerValue, type DlqRecordInput } from './dlq-record.js';
export {
  KafkaPipelineError,
  KafkaPipelineErrorCodes,
  isRetriableKafkaError,
  isTopicMismatch,
  type KafkaPipelineErrorCode,
} from './errors.js';
export { readPartitionsToEnd, type ReadToEndOptions } from './partition-reader.js';
export {
  kafkaAccessMonitor,
  kafkaAccessReadiness,
  KafkaAccessMonitor,
  KafkaAccessErrorCodes,
  ACCESS_PROBLEM_STALE_MS,
  type KafkaAccessProblem,
  type KafkaAccessProblemKind,
} from './access-monitor.js';
export {
  kafkaSecurityFromEnv,
  librdkafkaSecurityProperties,
  PLAINTEXT_SECURITY,
  type KafkaSecurity,
} from './security.js';
export { startLagReporter, topicLag, type LagReporter, type LagReporterOptions } from './lag-reporter.js';
export { pauseAndRewind, resumePartitions, resumeStrays, type TopicPartition } from './consumer-rewind.js';
export {
  assertGroupInactive,
  commitGroupOffsets,
  committedOffsets,
  rebuildStartOffsets,
  type GroupState,
  type PartitionOffset,
} from './group-offsets.js';
export {
  runRecordConsumer,
  type RecordBatch,
  type RecordConsumerOptions,
  type Received,
  type Rejected,
} from './record-consumer.js';
export { GroupLagReader, type GroupLagReaderOptions } from './group-lag-reader.js';
export { partitionLag, type CommittedOffset, type PartitionLag, type PartitionOffsets } from './partition-lag.js';
export { type EnsureTopicsOptions } from './admin.js';
export {
  backoffDelay,
  retryWhileRetriable,
  DEFAULT_KAFKA_BACKOFF,
  type BackoffPolicy,
  type RetryOptions,
} from './backoff.js';
