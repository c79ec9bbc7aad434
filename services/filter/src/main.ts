#!/usr/bin/env node
import './libuv-threadpool.js';
import { RawHeaders } from '@tweet-pipeline/contracts';
import {
  kafkaAccessReadiness,
  createKafka,
  connectedProducer,
  ensureTopicsWaiting,
  headerValue,
  nextOffset,
  pipelineTopicSpecs,
  retryWhileRetriable,
  runBatchConsumer,
  startLagReporter,
  type Consumer,
  type Producer,
} from '@tweet-pipeline/kafka';
import { exitOnFatal, runService } from '@tweet-pipeline/observability';
import { batchOutput } from './batch-output.js';
import { loadFilterConfig } from './config.js';
import { PartitionedDedupeState } from './dedupe/partitioned-dedupe-state.js';
import { StateRestorer } from './dedupe/state-restorer.js';
import { filterMetrics } from './metrics.js';
import { Outcomes, processBatch, type BatchRecord } from './process-batch.js';
import { TransactionBatcher } from './transaction-batcher.js';

const SERVICE = 'filter';
const EXPIRE_EVERY_MS = 60_000;
const config = loadFilterConfig(process.env);
const { names } = config.topics;

await runService(
  { service: SERVICE, ...config, readinessGate: kafkaAccessReadiness },
  async ({ log, registry, signal, starting }) => {
    const metrics = filterMetrics(registry);
    starting('connecting to Kafka');
    const kafka = createKafka({ ...config.kafka, log });
    const specs = pipelineTopicSpecs(config.topics);
    // A broker that is down at start is waited out here (/readyz says "connecting to Kafka"), not crash-looped;
    // so is a topic that does not fit (e.g. a dedupe state that is not compacted), /readyz naming it.
    await ensureTopicsWaiting(kafka, [specs.raw, specs.clean, specs.dedupeState, specs.dlq], {
      what: 'ensuring topics',
      log,
      signal,
      starting,
    });
    /** A fresh transactional producer per attempt: the client cannot connect one that failed to connect. */
    const transactionalProducer = (): Promise<Producer> =>
      connectedProducer(kafka, { transactionalId: config.transactionalId });
    const producer = await retryWhileRetriable(transactionalProducer, { what: 'connecting the producer', log, signal });

    const dedupe = new PartitionedDedupeState({ windowMs: config.topics.dedupeWindowMs });
    const restorer = new StateRestorer({
      state: dedupe,
      brokers: config.kafka.brokers,
      clientId: config.kafka.clientId,
      security: config.kafka.security,
      topic: names.dedupeState,
      log: log.child({ component: 'dedupe-restore' }),
      onRestored: (seconds) => {
        metrics.restoreSeconds.observe(seconds);
        metrics.dedupeEntries.set(dedupe.size);
      },
      onFailed: (err) => exitOnFatal(log, err),
    });
    const expiry = setInterval(() => {
      dedupe.expire(Date.now());
      metrics.dedupeEntries.set(dedupe.size);
    }, EXPIRE_EVERY_MS);

    let kafkaConsumerRef: Consumer | undefined;
    const transactions = new TransactionBatcher({
      producer,
      // A producer the broker ended during an outage is replaced in place, not by an exit.
      renewProducer: transactionalProducer,
      consumer: () => kafkaConsumerRef!,
      lingerMs: config.transactionLingerMs,
      maxRecords: config.maxBatchSize * 4,
      log: log.child({ component: 'transactions' }),
    });

    const consumer = await runBatchConsumer({
      kafka,
      groupId: config.groupId,
      topics: [names.raw],
      log,
      maxBatchSize: config.maxBatchSize,
      partitionsConcurrently: config.partitionsConcurrently,
      readCommitted: true,
      onFatal: (err) => exitOnFatal(log, err),
      onAssign: (assigned) => restorer.assign(assigned.map((tp) => tp.partition)),
      onRevoke: (revoked) => restorer.revoke(revoked.map((tp) => tp.partition)),
      handleBatch: async ({ batch }, kafkaConsumer) => {
        const last = batch.messages.at(-1);
        if (last === undefined) return;
        await restorer.ready(batch.partition);
        const memory = dedupe.forPartition(batch.partition);
        const records: BatchRecord[] = batch.messages.map((m) => ({
          key: m.key?.toString('utf8') ?? null,
          value: m.value,
          source: headerValue(m.headers, RawHeaders.source),
          receivedAt: headerValue(m.headers, RawHeaders.receivedAt),
          offset: m.offset,
        }));
        const now = Date.now();
        const result = processBatch(records, memory, config.rules, now);
        for (const { record, code, reason } of result.invalid) {
          log.warn(
            { topic: batch.topic, partition: batch.partition, offset: record.offset, code, reason },
            'invalid record to DLQ',
          );
        }
        // Output records, dedupe state and input offsets commit together or not at all (exactly once),
        // in one transaction shared with the other partitions' batches of the same moment.
        kafkaConsumerRef = kafkaConsumer;
        const committed = await transactions.submit({
          output: batchOutput(result, batch, names, SERVICE, now),
          commit: { topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) },
          onCommitted: () => {
            for (const id of result.newIds) memory.remember(id, now);
          },
        });
        // Given up (partition or group membership lost): nothing took effect, so the batch must come again.
        if (!committed) return 'redeliver';
        for (const outcome of Outcomes) metrics.messages.inc({ outcome }, result.counts[outcome]);
        for (const { code } of result.invalid) metrics.dlq.inc({ service: SERVICE, error_code: code });
        metrics.dedupeEntries.set(dedupe.size);
      },
    });
    const lag = startLagReporter({ kafka, registry, targets: [{ group: config.groupId, topic: names.raw }], log });

    return {
      readiness: () => {
        if (restorer.busy) return { ready: false, reason: 'restoring dedupe state' };
        if (transactions.retrying) return { ready: false, reason: 'Kafka unavailable; retrying the transaction' };
        return consumer.readiness();
      },
      stop: async () => {
        clearInterval(expiry);
        await lag.stop();
        await consumer.stop();
        await transactions.producer.disconnect();
      },
    };
  },
);
