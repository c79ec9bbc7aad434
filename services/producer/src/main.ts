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

const config = loadProducerConfig(process.env);
const log = createLogger({ service: 'producer', level: config.logLevel });
installFatalHandlers(log);
const registry = createMetricsRegistry();
const metrics = producerMetrics(registry);

const kafka = createKafka({ ...config.kafka, log });
await ensureTopics(kafka, [pipelineTopicSpecs(config.topics).raw], log);
const producer = createProducer(kafka);
await producer.connect();
const publisher = new RawPublisher(producer, config.topics.names.raw, metrics);

let running = true;
const ops = await startOpsServer({
  port: config.port,
  registry,
  log,
  readiness: () => (running ? { ready: true } : { ready: false, reason: 'stopping' }),
});

const abort = new AbortController();
const loop = (async () => {
  log.info({ synthetic: config.synthetic }, 'synthetic source started');
  for await (const batch of syntheticBatches(config.synthetic, abort.signal)) {
    metrics.received.inc({ source: 'synthetic' }, batch.length);
    await publisher.publish(batch);
  }
  log.info('source finished');
})();
loop.catch((err: unknown) => exitOnFatal(log, err));

installShutdown({
  log,
  graceMs: config.shutdownGraceMs,
  stop: async () => {
    running = false;
    abort.abort();
    await loop;
    await producer.flush({ timeout: config.shutdownGraceMs / 2 });
    await producer.disconnect();
    await ops.close();
  },
});
