#!/usr/bin/env node
import {
  createKafka,
  createProducer,
  dlqRecord,
  ensureTopics,
  headerValue,
  nextOffset,
  pipelineTopicSpecs,
  runBatchConsumer,
  type TopicMessages,
} from '@tweet-pipeline/kafka';
import { RawHeaders } from '@tweet-pipeline/contracts';
import {
  createLogger,
  createMetricsRegistry,
  exitOnFatal,
  installFatalHandlers,
  installShutdown,
  startOpsServer,
} from '@tweet-pipeline/observability';
import { loadFilterConfig } from './config.js';
import { SeenIds } from './dedupe/seen-ids.js';
import { filterMetrics } from './metrics.js';
import { Outcomes, processBatch, type BatchRecord } from './process-batch.js';

const SERVICE = 'filter';
const config = loadFilterConfig(process.env);
const log = createLogger({ service: SERVICE, level: config.logLevel });
installFatalHandlers(log);
const registry = createMetricsRegistry();
const metrics = filterMetrics(registry);
const { names } = config.topics;

const kafka = createKafka({ ...config.kafka, log });
const specs = pipelineTopicSpecs(config.topics);
await ensureTopics(kafka, [specs.raw, specs.clean, specs.dedupeState, specs.dlq], log);
const producer = createProducer(kafka, { transactionalId: config.transactionalId });
await producer.connect();
const seen = new SeenIds();

const consumer = await runBatchConsumer({
  kafka,
  groupId: config.groupId,
  topics: [names.raw],
  log,
  maxBatchSize: config.maxBatchSize,
  readCommitted: true,
  onFatal: (err) => exitOnFatal(log, err),
  handleBatch: async ({ batch }, kafkaConsumer) => {
    const last = batch.messages.at(-1);
    if (last === undefined) return;
    const records: BatchRecord[] = batch.messages.map((m) => ({
      key: m.key?.toString('utf8') ?? null,
      value: m.value,
      source: headerValue(m.headers, RawHeaders.source),
      receivedAt: headerValue(m.headers, RawHeaders.receivedAt),
      offset: m.offset,
    }));
    const result = processBatch(records, seen, config.rules, Date.now());
    const topicMessages: TopicMessages[] = [];
    if (result.clean.length > 0) {
      topicMessages.push({
        topic: names.clean,
        messages: result.clean.map((tweet) => ({ key: tweet.id, value: JSON.stringify(tweet) })),
      });
    }
    if (result.invalid.length > 0) {
      topicMessages.push({
        topic: names.dlq,
        messages: result.invalid.map(({ record, code, reason }) => {
          log.warn(
            { topic: batch.topic, partition: batch.partition, offset: record.offset, code, reason },
            'invalid record to DLQ',
          );
          const original = batch.messages.find((m) => m.offset === record.offset);
          return dlqRecord({
            key: original?.key ?? null,
            value: original?.value ?? null,
            code,
            reason,
            sourceTopic: batch.topic,
            sourcePartition: batch.partition,
            sourceOffset: record.offset,
            service: SERVICE,
          });
        }),
      });
    }
    // Output records and input offsets commit together or not at all (exactly once).
    const transaction = await producer.transaction();
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages });
      await transaction.sendOffsets({
        consumer: kafkaConsumer,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset(last.offset) }] }],
      });
      await transaction.commit();
    } catch (err) {
      await transaction.abort().catch((abortErr: unknown) => log.error({ err: abortErr }, 'transaction abort failed'));
      throw err;
    }
    for (const id of result.newIds) seen.add(id);
    for (const outcome of Outcomes) metrics.messages.inc({ outcome }, result.counts[outcome]);
    for (const { code } of result.invalid) metrics.dlq.inc({ service: SERVICE, error_code: code });
    metrics.dedupeEntries.set(seen.size);
  },
});

const ops = await startOpsServer({
  port: config.port,
  registry,
  log,
  readiness: () => (consumer.isAssigned() ? { ready: true } : { ready: false, reason: 'no partitions assigned' }),
});

installShutdown({
  log,
  graceMs: config.shutdownGraceMs,
  stop: async () => {
    await consumer.stop();
    await producer.disconnect();
    await ops.close();
  },
});
