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
import { loadProducerConfig, type SourceName } from './config.js';
import { producerMetrics } from './metrics.js';
import { RawPublisher } from './raw-publisher.js';
import { replayFiles, type ReplayCounts } from './replay/replay-files.js';
import type { RawRecord } from './raw-publisher.js';
import { syntheticBatches } from './sources/synthetic-source.js';
import { startFilteredStream, startRecentSearch } from './sources/x-sources.js';
import { XAccessError } from './x/filtered-stream-source.js';
import { classifyConnectError } from './x/reconnect-policy.js';
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

// Served before Kafka answers, so probes see a live process that is not ready yet.
let started = false;
let spoolFull = false;
let stopping = false;
const failedSources = new Set<SourceName>();
const ops = await startOpsServer({
  port: config.port,
  registry,
  log,
  readiness: () => {
    if (!started) return { ready: false, reason: 'connecting to Kafka' };
    if (stopping) return { ready: false, reason: 'stopping' };
    if (spoolFull) return { ready: false, reason: 'spool full' };
    if (failedSources.size > 0) return { ready: false, reason: `source failed: ${[...failedSources].join(', ')}` };
    return { ready: true };
  },
});

const kafka = createKafka({ ...config.kafka, log });
const specs = pipelineTopicSpecs(config.topics);
await ensureTopics(kafka, [specs.raw, specs.dlq], log);
const producer = createProducer(kafka);
await producer.connect();
const publisher = new RawPublisher(producer, { raw: config.topics.names.raw, dlq: config.topics.names.dlq }, metrics);

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

const abort = new AbortController();
const accept = (records: readonly RawRecord[]): Promise<void> => ingest.accept(records, abort.signal);
const checkpointSpec = {
  topic: config.checkpointTopic,
  numPartitions: 1,
  replicationFactor: config.topics.replicationFactor,
  configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
};
const runners: { name: SourceName; run: () => Promise<void> }[] = [];
for (const name of config.sources) {
  switch (name) {
    case 'synthetic':
      runners.push({
        name,
        run: async () => {
          for await (const batch of syntheticBatches(config.synthetic, abort.signal)) await accept(batch);
        },
      });
      break;
    case 'replay':
      runners.push({
        name,
        run: async () => {
          const counts: ReplayCounts = { published: 0, invalid: 0, errorPayloads: 0, skipped: 0 };
          for await (const batch of replayFiles(config.replayFiles, counts, { signal: abort.signal }))
            await accept(batch);
          log.info({ files: config.replayFiles, ...counts }, 'replay finished');
        },
      });
      break;
    case 'x-filtered-stream':
      try {
        runners.push({
          name,
          run: await startFilteredStream({ config, kafka, producer, metrics, log, accept }, abort.signal),
        });
      } catch (err) {
        if (classifyConnectError(err) === 'auth') {
          const status = (err as { code: number }).code;
          runners.push({ name, run: () => Promise.reject(new XAccessError(status, 'while syncing stream rules')) });
          break;
        }
        // An invalid rule: refuse to start, with X's reason (no restart can fix the configuration).
        log.fatal({ err: describeStartError(err) }, 'cannot start the X filtered stream');
        process.exit(1);
      }
      break;
    case 'x-recent-search':
      await ensureTopics(kafka, [checkpointSpec], log);
      runners.push({ name, run: startRecentSearch({ config, kafka, producer, metrics, log, accept }, abort.signal) });
      break;
  }
}
started = true;
const sources = Promise.all(
  runners.map(async ({ name, run }) => {
    log.info({ source: name }, 'source started');
    try {
      await run();
      log.info({ source: name }, 'source finished');
    } catch (err) {
      if (abort.signal.aborted) return;
      if (err instanceof XAccessError) {
        // One clear message and no retry loop: the other sources and the spool drain go on.
        failedSources.add(name);
        log.fatal({ source: name, code: err.code, status: err.status }, err.message);
        return;
      }
      exitOnFatal(log, err);
    }
  }),
);

installShutdown({
  log,
  graceMs: config.shutdownGraceMs,
  stop: async () => {
    stopping = true;
    abort.abort();
    await sources;
    // What Kafka has not acknowledged by then stays in the spool for the next start.
    await drainer.close(config.shutdownGraceMs / 2);
    if (spool.count > 0) log.warn({ records: spool.count }, 'records left in the spool for the next start');
    spool.close();
    await producer.disconnect();
    await ops.close();
  },
});

function describeStartError(err: unknown): { code?: unknown; message: string } {
  const e = err as { code?: unknown; message?: string };
  return { code: e.code, message: e.message ?? String(err) };
}
