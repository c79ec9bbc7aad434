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
export { ensureTopics } from './admin.js';
export { createProducer, type ProducerOptions } from './producer.js';
export { runBatchConsumer, nextOffset, type BatchConsumerOptions, type RunningConsumer } from './consumer-loop.js';
export { dlqRecord, headerValue, type DlqRecordInput } from './dlq-record.js';
export {
  KafkaPipelineError,
  KafkaPipelineErrorCodes,
  isRetriableKafkaError,
  type KafkaPipelineErrorCode,
} from './errors.js';
export { readPartitionsToEnd, type ReadToEndOptions } from './partition-reader.js';
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
