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
  startLagReporter,
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
import { loadTrendsConfig } from './config.js';
import { trendsMetrics } from './metrics.js';
import { parseClean } from '@tweet-pipeline/contracts';
import { hashtagHits, type HashtagHit } from './trend-counts.js';
import { countHits, type TrendDocument } from './trend-store.js';

const SERVICE = 'trends';
const config = loadTrendsConfig(process.env);
const log = createLogger({ service: SERVICE, level: config.logLevel });
installFatalHandlers(log);
const registry = createMetricsRegistry();
const metrics = trendsMetrics(registry);
const { names } = config.topics;

const mongo = new MongoClient(config.mongo.uri, { serverSelectionTimeoutMS: 5_000, retryWrites: false });
await mongo.connect();
log.info({ uri: redactUri(config.mongo.uri), database: config.mongo.database }, 'connected to MongoDB');
const trends = mongo.db(config.mongo.database).collection<TrendDocument>(config.mongo.collection);
// "Top hashtags of a minute" is the query this collection exists for.
await trends.createIndex({ minute: 1, count: -1 });
let databaseAvailable = true;

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
    const hits: HashtagHit[] = [];
    const dead: Message[] = [];
    for (const m of batch.messages) {
      const parsed = parseClean(m.value);
      if (parsed.ok) {
        hits.push(...hashtagHits(parsed.tweet, Number(m.offset)));
        continue;
      }
      const { code, reason } = parsed;
      log.warn({ topic: batch.topic, partition: batch.partition, offset: m.offset, code, reason }, 'record to DLQ');
      metrics.dlq.inc({ service: SERVICE, error_code: code });
      const source = { sourceTopic: batch.topic, sourcePartition: batch.partition, sourceOffset: m.offset };
      dead.push(dlqRecord({ key: m.key, value: m.value, code, reason, ...source, service: SERVICE }));
    }
    const counted = await countHits(
      trends,
      { partition: batch.partition, through: Number(last.offset), hits },
      {
        retryMaxMs: config.retryMaxMs,
        signal: stopping.signal,
        log,
        onAvailability: (available) => (databaseAvailable = available),
      },
    ).catch((err: unknown) => {
      // Stopping during an outage: nothing is committed, the batch comes again after the restart.
      if (stopping.signal.aborted) return undefined;
      throw err;
    });
    if (counted === undefined) return;
    if (dead.length > 0) await dlqProducer.send({ topic: names.dlq, messages: dead });
    // Offsets move only after the trend documents (and the DLQ) hold every record of the batch.
    await kafkaConsumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) },
    ]);
    metrics.hashtagsCounted.inc(counted);
    metrics.batches.inc({ result: hits.length === 0 ? 'no_hashtags' : counted > 0 ? 'applied' : 'already_applied' });
  },
});

const lag = startLagReporter({ kafka, registry, targets: [{ group: config.groupId, topic: names.clean }], log });
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
    await lag.stop();
    await dlqProducer.disconnect();
    await mongo.close();
    await ops.close();
  },
});
