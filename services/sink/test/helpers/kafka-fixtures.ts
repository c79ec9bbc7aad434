import type { Kafka, Producer } from '@tweet-pipeline/kafka';
import { connectedProducer as pipelineProducer, createTestTopics, type TestTopics } from '@tweet-pipeline/testkit';

// For the sink bench (bench/sink-throughput.bench.ts), which runs without a TestWorld; tests use the world's.
export { sendAll } from '@tweet-pipeline/testkit';

/** Creates a test's clean and DLQ topics with the pipeline's settings. */
export function createSinkTopics(kafka: Kafka, topics: TestTopics, partitions: number): Promise<void> {
  return createTestTopics(kafka, topics, partitions, ['clean', 'dlq']);
}

/** A connected producer of the pipeline's kind (same partitioner as the filter). */
export function connectedProducer(kafka: Kafka): Promise<Producer> {
  return pipelineProducer(kafka, { lingerMs: 20 });
}
