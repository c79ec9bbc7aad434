import type { DlqErrorCode } from '@tweet-pipeline/contracts';
import { dlqMessagesCounter, type Logger } from '@tweet-pipeline/observability';
import { retryWhileRetriable } from './backoff.js';
import { createKafka, type KafkaMessage, type Message } from './client.js';
import { nextOffset, runBatchConsumer, type RunningConsumer } from './consumer-loop.js';
import { dlqRecord } from './dlq-record.js';
import { ensureTopicsWaiting } from './topic-wait.js';
import type { KafkaSecurity } from './security.js';
import { startLagReporter } from './lag-reporter.js';
import { connectedProducer } from './producer.js';
import { pipelineTopicSpecs, type PipelineTopicOptions, type PipelineTopicSpecs } from './topic-specs.js';

/** A record the parser refused: it goes to the DLQ with this code and reason. */
export interface Rejected {
  readonly ok: false;
  readonly code: DlqErrorCode;
  readonly reason: string;
}

/** A parsed record as the handler sees it: what the parser returned, plus where the record was. */
export type Received<P> = P & { readonly key: Buffer | null; readonly offset: string };

/** The batch a handler is given: valid records of one partition, in offset order. */
export interface RecordBatch<P> {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the batch's last record (valid or not): everything up to it is committed after the handler. */
  readonly lastOffset: string;
  readonly records: readonly Received<P>[];
  /** Aborted when the service stops: a handler waiting out an outage may give up; the batch comes again. */
  readonly signal: AbortSignal;
}

export interface RecordConsumerOptions<P extends { readonly ok: true }> {
  /** Label of the DLQ records and metrics (`service` header and label). */
  readonly service: string;
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string; readonly security?: KafkaSecurity };
  readonly topics: PipelineTopicOptions;
  /** Which pipeline topic to read (default `clean`, read_committed). */
  readonly input?: Exclude<keyof PipelineTopicSpecs, 'dlq'>;
  readonly groupId: string;
  readonly maxBatchSize: number;
  readonly log: Logger;
  readonly registry: Parameters<typeof dlqMessagesCounter>[0];
  readonly signal: AbortSignal;
  /** Validates one record's value at the boundary, e.g. `parseClean`. Pure; must not throw. */
  readonly parse: (value: Buffer | null, message: KafkaMessage) => P | Rejected;
  /**
   * Makes one batch's effect durable (idempotently: a batch comes again after
   * a crash before its commit). Waits out transient failures itself; a throw
   * ends the process, except while stopping.
   */
  readonly handle: (batch: RecordBatch<P>) => Promise<void>;
  readonly onFatal: (err: unknown) => void;
  /**
   * Told why start-up waits for an operator (a topic that does not fit: topic,
   * setting, value found, value needed), for /readyz — runService's `starting`.
   */
  readonly starting?: (reason: string) => void;
}

/**
 * A consumer group member for the common case of a pipeline consumer: it
 * ensures its topics, validates every record with `parse`, sends the refused
 * ones to the DLQ with their reason (counted in
 * `tweet_pipeline_dlq_messages_total`), hands the rest to `handle`, and
 * commits the batch's offsets only after both are durable. It also reports
 * the group's lag (`tweet_pipeline_consumer_lag`). At-least-once delivery to
 * `handle`; exactly-once effects are the handler's idempotence.
 */
export async function runRecordConsumer<P extends { readonly ok: true }>(
  options: RecordConsumerOptions<P>,
): Promise<RunningConsumer> {
  const { service, log, signal } = options;
  const kafka = createKafka({ ...options.kafka, log });
  const specs = pipelineTopicSpecs(options.topics);
  const input = specs[options.input ?? 'clean'];
  // A broker that is not there yet is waited out (/readyz: starting), not crash-looped.
  // So is a topic that does not fit (partitions, cleanup.policy, retention, max.message.bytes):
  // /readyz names it until an operator fixes the topic.
  const starting = options.starting;
  await ensureTopicsWaiting(kafka, [input, specs.dlq], { log, signal, ...(starting !== undefined && { starting }) });
  const dlq = await retryWhileRetriable(() => connectedProducer(kafka), {
    what: 'connect the DLQ producer',
    log,
    signal,
  });
  const dlqCounter = dlqMessagesCounter(options.registry);

  const consumer = await runBatchConsumer({
    kafka,
    groupId: options.groupId,
    topics: [input.topic],
    log,
    maxBatchSize: options.maxBatchSize,
    readCommitted: true,
    onFatal: options.onFatal,
    handleBatch: async ({ batch }, client) => {
      const last = batch.messages.at(-1);
      if (last === undefined) return;
      const records: Received<P>[] = [];
      const dead: Message[] = [];
      const deadCodes: DlqErrorCode[] = [];
      for (const m of batch.messages) {
        const parsed = options.parse(m.value, m);
        if (parsed.ok) {
          records.push({ ...parsed, key: m.key, offset: m.offset });
          continue;
        }
        const { code, reason } = parsed;
        const source = { sourceTopic: batch.topic, sourcePartition: batch.partition, sourceOffset: m.offset };
        log.warn({ topic: batch.topic, partition: batch.partition, offset: m.offset, code, reason }, 'record to DLQ');
        dead.push(dlqRecord({ key: m.key, value: m.value, code, reason, ...source, service }));
        deadCodes.push(code);
      }
      const { topic, partition } = batch;
      try {
        await options.handle({ topic, partition, lastOffset: last.offset, records, signal });
      } catch (err) {
        // Stopping during an outage: nothing is committed; the batch comes again after the restart.
        if (signal.aborted) return;
        throw err;
      }
      if (dead.length > 0) {
        await dlq.send({ topic: specs.dlq.topic, messages: dead });
        for (const code of deadCodes) dlqCounter.inc({ service, error_code: code });
      }
      // Offsets move only after the handler's effect (and the DLQ) hold every record of the batch.
      await client.commitOffsets([{ topic, partition, offset: nextOffset(last.offset) }]);
    },
  });
  const lag = startLagReporter({
    kafka,
    registry: options.registry,
    targets: [{ group: options.groupId, topic: input.topic }],
    log,
  });
  return {
    consumer: consumer.consumer,
    readiness: () => consumer.readiness(),
    stop: async () => {
      await consumer.stop();
      await lag.stop();
      await dlq.disconnect();
    },
  };
}
