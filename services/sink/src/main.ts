#!/usr/bin/env node
import {
  kafkaAccessReadiness,
  createKafka,
  connectedProducer,
  ensureTopicsWaiting,
  pipelineTopicSpecs,
  pauseAndRewind,
  resumePartitions,
  resumeStrays,
  retryWhileRetriable,
  runBatchConsumer,
  startLagReporter,
  type Consumer,
} from '@tweet-pipeline/kafka';
import {
  connectWithRetry,
  createMongoClient,
  isMissingPrivilege,
  retryWhileUnavailable,
  ServerGaps,
} from '@tweet-pipeline/mongo';
import { exitOnFatal, runService } from '@tweet-pipeline/observability';
import { createBatchFlusher } from './batch-flusher.js';
import { loadSinkConfig, sinkMongoClientOptions } from './config.js';
import { DatabaseAvailability } from './database-availability.js';
import { DuplicateResolver } from './duplicate-resolver.js';
import { ensureIndexes } from './indexes.js';
import { sinkMetrics } from './metrics.js';
import { probeWrite } from './mongo-connection.js';
import { PartitionBatcher } from './partition-batcher.js';
import { toSinkEntry, type SinkEntry } from './sink-entry.js';
import type { TweetDocument } from './to-document.js';
import { driverWriteConcern } from './write-concern.js';

const SERVICE = 'sink';
/** In-place attempts for documents that failed transiently while the rest of their batch was written. */
const IN_PLACE_ATTEMPTS = 4;
/** After an assignment, when to look for partitions left paused by an earlier outage (the client applies it after the callback). */
const STRAY_CHECK_MS = 2_000;
const config = loadSinkConfig(process.env);
const { names } = config.topics;

await runService(
  { service: SERVICE, ...config, readinessGate: kafkaAccessReadiness },
  async ({ log, registry, signal, starting }) => {
    const metrics = sinkMetrics(registry);
    const mongo = createMongoClient(sinkMongoClientOptions(config));
    const collection = mongo.db(config.mongo.database).collection<TweetDocument>(config.mongo.collection, {
      writeConcern: driverWriteConcern(config.mongo.writeConcern),
    });
    // The client the batches come from, captured by the first batch: commits, rewinds and resumes go through it.
    let kafkaConsumer: Consumer | undefined;
    let batcher: PartitionBatcher<SinkEntry> | undefined;
    const availability = new DatabaseAvailability({
      // connect() is a no-op on a connected client and reopens one that a failed connect left closed.
      probe: async () => {
        await mongo.connect();
        await probeWrite(collection, config.mongo.writeConcern);
      },
      backoff: config.retry,
      log: log.child({ component: 'database-availability' }),
      onChange: (available) => {
        metrics.databaseAvailable.set(available ? 1 : 0);
        if (available && kafkaConsumer !== undefined && batcher !== undefined) {
          resumePartitions(kafkaConsumer, batcher.releasePaused(), log);
        }
      },
    });

    starting('connecting to the database');
    const retry = { backoff: config.retry, log, signal };
    const server = await connectWithRetry(mongo, config.mongo.uri, retry);
    for (const gap of server.gaps) log.warn({ server: server.kind, version: server.version, gap }, ServerGaps[gap]);
    starting('creating indexes');
    // A missing privilege is waited out like an outage (an operator grants the role), with /readyz
    // naming it, rather than a crash loop that says it once per restart.
    const retention = await retryWhileUnavailable(
      () =>
        ensureIndexes(collection, config.ttlSeconds, log).catch((err: unknown) => {
          if (isMissingPrivilege(err)) starting(err.message);
          throw err;
        }),
      { ...retry, what: 'create indexes', retryAlso: isMissingPrivilege },
    );
    await retryWhileUnavailable(() => probeWrite(collection, config.mongo.writeConcern), {
      ...retry,
      what: 'probe the write concern',
    });
    const { database, collection: name, writeConcern } = config.mongo;
    log.info({ database, collection: name, writeConcern, retention, ttlSeconds: config.ttlSeconds }, 'database ready');
    availability.writeSucceeded();
    // The driver's monitor sees a returning server before the current backoff step ends.
    mongo.on('serverHeartbeatSucceeded', () => availability.wake());

    starting('joining the consumer group');
    const kafka = createKafka({ ...config.kafka, log });
    const specs = pipelineTopicSpecs(config.topics);
    // A topic that does not fit (partitions, cleanup.policy, retention, max.message.bytes) is waited
    // out with /readyz naming topic, setting, value found and value needed, until an operator fixes it.
    await ensureTopicsWaiting(kafka, [specs.clean, specs.dlq], { log, signal, starting });
    const dlqProducer = await retryWhileRetriable(() => connectedProducer(kafka), {
      what: 'connect the DLQ producer',
      log,
      signal,
    });

    const flush = createBatchFlusher({
      service: SERVICE,
      writer: {
        collection,
        writeConcern: config.mongo.writeConcern,
        duplicates: new DuplicateResolver(collection),
        attempts: IN_PLACE_ATTEMPTS,
        backoff: { minMs: config.retry.minMs, maxMs: Math.min(config.retry.maxMs, 2_000) },
        log: log.child({ component: 'writer' }),
        onWrite: (seconds) => metrics.writeDuration.observe(seconds),
      },
      availability,
      sendToDlq: async (messages) => {
        await dlqProducer.send({ topic: names.dlq, messages });
      },
      commit: async (tp, offset) => {
        await kafkaConsumer?.commitOffsets([{ topic: tp.topic, partition: tp.partition, offset }]);
      },
      metrics,
      log: log.child({ component: 'flush' }),
    });
    const partitionBatcher = new PartitionBatcher<SinkEntry>({
      maxBatchSize: config.batch.maxSize,
      maxWaitMs: config.batch.maxWaitMs,
      flush,
      isAvailable: () => availability.available,
      // Only partitions that delivered a batch get rewound, so the client is known by then.
      rewind: (tp, offset) => {
        if (kafkaConsumer !== undefined) pauseAndRewind(kafkaConsumer, tp, offset, log);
      },
      onFatal: (err) => exitOnFatal(log, err),
      onPausedChange: (paused) => metrics.pausedPartitions.set(paused),
    });
    batcher = partitionBatcher;

    const consumer = await runBatchConsumer({
      kafka,
      groupId: config.groupId,
      topics: [names.clean],
      log,
      maxBatchSize: config.batch.maxSize,
      readCommitted: true,
      onFatal: (err) => exitOnFatal(log, err),
      onRevoke: (revoked) => partitionBatcher.revoke(revoked),
      onAssign: () => {
        setTimeout(() => {
          if (kafkaConsumer !== undefined && availability.available) {
            resumeStrays(kafkaConsumer, (tp) => partitionBatcher.isPaused(tp), log);
          }
        }, STRAY_CHECK_MS).unref();
      },
      // Returns at once (the chunk is buffered) unless writes are behind, so the consumer
      // keeps polling — and stays in its group — while an outage is waited out.
      handleBatch: ({ batch }, client) => {
        kafkaConsumer = client;
        return partitionBatcher.add(
          { topic: batch.topic, partition: batch.partition },
          batch.messages.map(toSinkEntry),
        );
      },
    });
    const lag = startLagReporter({ kafka, registry, targets: [{ group: config.groupId, topic: names.clean }], log });
    kafkaConsumer ??= consumer.consumer;

    return {
      readiness: () => {
        if (!availability.available)
          return { ready: false, reason: 'database unavailable; consumption paused, retrying' };
        return consumer.readiness();
      },
      stop: async () => {
        // Buffered batches are written and committed while the consumer is still in the group.
        await partitionBatcher.drain();
        await availability.stop();
        await lag.stop();
        await consumer.stop();
        await dlqProducer.disconnect();
        await mongo.close();
      },
    };
  },
);
