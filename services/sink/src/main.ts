#!/usr/bin/env node
import { MongoClient } from 'mongodb';
import {
  createKafka,
  createProducer,
  dlqRecord,
  ensureTopics,
  nextOffset,
  pipelineTopicSpecs,
  runBatchConsumer,
  type Message,
} from '@tweet-pipeline/kafka';
import {
  createLogger,
  createMetricsRegistry,
  exitOnFatal,
  installFatalHandlers,
  installShutdown,
  redactUri,
  startOpsServer,
} from '@tweet-pipeline/observability';
import { loadSinkConfig } from './config.js';
import { sinkMetrics } from './metrics.js';
import { parseClean } from './parse-clean.js';
import { toDocument, type TweetDocument } from './to-document.js';
import { writeUntilSettled } from './write-with-retry.js';

const SERVICE = 'sink';
const config = loadSinkConfig(process.env);
const log = createLogger({ service: SERVICE, level: config.logLevel });
installFatalHandlers(log);
const registry = createMetricsRegistry();
const metrics = sinkMetrics(registry);
const { names } = config.topics;

const mongo = new MongoClient(config.mongo.uri, { serverSelectionTimeoutMS: 5_000, retryWrites: false });
await mongo.connect();
log.info({ uri: redactUri(config.mongo.uri), database: config.mongo.database }, 'connected to MongoDB');
const collection = mongo.db(config.mongo.database).collection<TweetDocument>(config.mongo.collection);
let databaseAvailable = true;
metrics.databaseAvailable.set(1);

const kafka = createKafka({ ...config.kafka, log });
const specs = pipelineTopicSpecs(config.topics);
await ensureTopics(kafka, [specs.clean, specs.dlq], log);
const dlqProducer = createProducer(kafka);
await dlqProducer.connect();
const stopping = new AbortController();

const consumer = await runBatchConsumer({
  kafka,
  groupId: config.groupId,
  topics: [names.clean],
  log,
  maxBatchSize: config.maxBatchSize,
  readCommitted: true,
  onFatal: (err) => exitOnFatal(log, err),
  handleBatch: async ({ batch }, kafkaConsumer) => {
    const last = batch.messages.at(-1);
    if (last === undefined) return;
    const dead: Message[] = [];
    const toDead = (
      m: (typeof batch.messages)[number],
      code: Parameters<typeof dlqRecord>[0]['code'],
      reason: string,
    ): void => {
      log.warn({ topic: batch.topic, partition: batch.partition, offset: m.offset, code, reason }, 'record to DLQ');
      metrics.dlq.inc({ service: SERVICE, error_code: code });
      dead.push(
        dlqRecord({
          key: m.key,
          value: m.value,
          code,
          reason,
          sourceTopic: batch.topic,
          sourcePartition: batch.partition,
          sourceOffset: m.offset,
          service: SERVICE,
        }),
      );
    };
    const documents: TweetDocument[] = [];
    const origin = new Map<string, (typeof batch.messages)[number]>();
    for (const m of batch.messages) {
      const parsed = parseClean(m.value);
      if (!parsed.ok) {
        toDead(m, parsed.code, parsed.reason);
        continue;
      }
      documents.push(toDocument(parsed.tweet));
      origin.set(parsed.tweet.id, m);
    }
    const endTimer = metrics.writeDuration.startTimer();
    const settled = await writeUntilSettled(
      collection,
      documents,
      {
        minMs: 200,
        maxMs: config.retryMaxMs,
        signal: stopping.signal,
        onAvailability: (available) => {
          databaseAvailable = available;
          metrics.databaseAvailable.set(available ? 1 : 0);
        },
      },
      log,
    );
    endTimer();
    for (const { document, code, reason } of settled.rejected) {
      const m = origin.get(document._id);
      if (m !== undefined) toDead(m, 'DOCUMENT_REJECTED', `MongoDB error ${code}: ${reason}`);
    }
    if (dead.length > 0) await dlqProducer.send({ topic: names.dlq, messages: dead });
    // Offsets move only after the database and the DLQ acknowledged every record of the batch.
    await kafkaConsumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) },
    ]);
    metrics.documents.inc({ result: 'inserted' }, settled.inserted);
    metrics.documents.inc({ result: 'already_present' }, settled.alreadyPresent);
    metrics.documents.inc({ result: 'failed' }, settled.rejected.length);
    const now = Date.now();
    for (const document of documents) metrics.endToEnd.observe((now - document.received_at.getTime()) / 1000);
  },
});

const ops = await startOpsServer({
  port: config.port,
  registry,
  log,
  readiness: () => {
    if (!databaseAvailable) return { ready: false, reason: 'database unavailable; retrying' };
    return consumer.isAssigned() ? { ready: true } : { ready: false, reason: 'no partitions assigned' };
  },
});

installShutdown({
  log,
  graceMs: config.shutdownGraceMs,
  stop: async () => {
    stopping.abort();
    await consumer.stop();
    await dlqProducer.disconnect();
    await mongo.close();
    await ops.close();
  },
});
