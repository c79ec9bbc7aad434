#!/usr/bin/env node
import { createKafka, createProducer, ensureTopics, pipelineTopicSpecs } from '@tweet-pipeline/kafka';
import {
  createLogger,
  createMetricsRegistry,
  exitOnFatal,
  installFatalHandlers,
  installShutdown,
  startOpsServer,
} from '@tweet-pipeline/observability';
import { loadProducerConfig } from './config.js';
import { producerMetrics } from './metrics.js';
import { RawPublisher } from './raw-publisher.js';
import { syntheticBatches } from './sources/synthetic-source.js';
import { DurableSpool } from './spool/durable-spool.js';
import { Ingest } from './spool/ingest.js';
import { SpoolDrainer } from './spool/spool-drainer.js';

const config = loadProducerConfig(process.env);
const log = createLogger({ service: 'producer', level: config.logLevel });
installFatalHandlers(log);
const registry = createMetricsRegistry();
const metrics = producerMetrics(registry);

// Records are durable in the spool before anything else happens to them.
const spool = new DurableSpool(config.spool);
metrics.spoolMaxBytes.set(spool.maxBytes);
metrics.spoolBytes.set(spool.bytes);
if (spool.count > 0)
  log.info(
    { records: spool.count, bytes: spool.bytes },
    'spool holds records from a previous run; draining them first',
  );

const kafka = createKafka({ ...config.kafka, log });
const specs = pipelineTopicSpecs(config.topics);
await ensureTopics(kafka, [specs.raw, specs.dlq], log);
const producer = createProducer(kafka);
await producer.connect();
const publisher = new RawPublisher(producer, { raw: config.topics.names.raw, dlq: config.topics.names.dlq }, metrics);

let spoolFull = false;
let stopping = false;
metrics.kafkaAvailable.set(1);
const drainer = new SpoolDrainer({
  spool,
  publisher,
  log,
  batchSize: config.batchSize,
  onKafkaAvailability: (available) => {
    metrics.kafkaAvailable.set(available ? 1 : 0);
    if (available) log.info({ spoolBytes: spool.bytes }, 'Kafka acknowledges again; draining the spool');
  },
  onDrained: (bytes) => metrics.spoolBytes.set(bytes),
});
drainer.start().catch((err: unknown) => exitOnFatal(log, err));

const ingest = new Ingest({
  spool,
  onAppended: (records) => {
    metrics.received.inc({ source: records[0]!.source }, records.length);
    metrics.spoolBytes.set(spool.bytes);
    drainer.notify();
  },
  onFull: (full) => {
    spoolFull = full;
    metrics.spoolFull.set(full ? 1 : 0);
    if (full)
      log.error({ bytes: spool.bytes, maxBytes: spool.maxBytes }, 'spool full: sources paused until Kafka drains it');
    else log.info({ bytes: spool.bytes }, 'spool has room again: sources resumed');
  },
});

const ops = await startOpsServer({
  port: config.port,
  registry,
  log,
  readiness: () => {
    if (stopping) return { ready: false, reason: 'stopping' };
    if (spoolFull) return { ready: false, reason: 'spool full' };
    return { ready: true };
  },
});

const abort = new AbortController();
const sources = (async () => {
  log.info({ synthetic: config.synthetic }, 'synthetic source started');
  for await (const batch of syntheticBatches(config.synthetic, abort.signal)) {
    await ingest.accept(batch, abort.signal);
  }
  log.info('source finished');
})();
sources.catch((err: unknown) => {
  if (!abort.signal.aborted) exitOnFatal(log, err);
});

installShutdown({
  log,
  graceMs: config.shutdownGraceMs,
  stop: async () => {
    stopping = true;
    abort.abort();
    await sources.catch(() => undefined);
    // What Kafka has not acknowledged by then stays in the spool for the next start.
    await drainer.close(config.shutdownGraceMs / 2);
    if (spool.count > 0) log.warn({ records: spool.count }, 'records left in the spool for the next start');
    spool.close();
    await producer.disconnect();
    await ops.close();
  },
});
