#!/usr/bin/env node
// `npm run replay -- <file.jsonl>…`: publishes the tweets of recorded JSONL
// files into the running pipeline (unreadable lines and records too large for
// Kafka to the DLQ) and prints one JSON line of counts.
import { resolve } from 'node:path';
import { createKafka, createProducer, ensureTopics, pipelineTopicSpecs } from '@tweet-pipeline/kafka';
import { createLogger, createMetricsRegistry } from '@tweet-pipeline/observability';
import { loadProducerConfig } from './config.js';
import { producerMetrics } from './metrics.js';
import { RawPublisher } from './raw-publisher.js';
import { replayFiles, type ReplayCounts } from './replay/replay-files.js';

const files = process.argv.slice(2).map((file) => resolve(process.env.INIT_CWD ?? process.cwd(), file));
if (files.length === 0) {
  process.stderr.write('usage: npm run replay -- <file.jsonl>...\n');
  process.exit(2);
}
const config = loadProducerConfig(process.env);
const log = createLogger({
  service: 'replay',
  level: config.logLevel === 'info' ? 'warn' : config.logLevel,
  destination: process.stderr,
});
const kafka = createKafka({ ...config.kafka, log });
const specs = pipelineTopicSpecs(config.topics);
await ensureTopics(kafka, [specs.raw, specs.dlq], log);
const producer = createProducer(kafka);
await producer.connect();
const publisher = new RawPublisher(
  producer,
  { raw: config.topics.names.raw, dlq: config.topics.names.dlq },
  producerMetrics(createMetricsRegistry()),
);
const counts: ReplayCounts = { published: 0, invalid: 0, errorPayloads: 0, skipped: 0 };
try {
  for await (const batch of replayFiles(files, counts)) await publisher.publish(batch);
} finally {
  await producer.disconnect();
}
process.stdout.write(
  JSON.stringify({
    published: counts.published,
    invalid: counts.invalid,
    error_payloads: counts.errorPayloads,
    skipped: counts.skipped,
  }) + '\n',
);
