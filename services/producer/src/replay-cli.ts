#!/usr/bin/env node
// `npm run replay -- <file.jsonl>…`: publishes the tweets of recorded JSONL
// files into the running pipeline (unreadable lines and records too large for
// Kafka to the DLQ) and prints one JSON line of counts.
import { parseOrExit, ProgressLine, RateMeter } from '@tweet-pipeline/cli';
import { createKafka, createProducer, ensureTopics, pipelineTopicSpecs } from '@tweet-pipeline/kafka';
import { createLogger, createMetricsRegistry } from '@tweet-pipeline/observability';
import { loadProducerConfig } from './config.js';
import { producerMetrics } from './metrics.js';
import { RawPublisher } from './raw-publisher.js';
import { parseReplayArgs, replayCommand } from './replay-args.js';
import { replayFiles, type ReplayCounts, type ReplayRead } from './replay/replay-files.js';
import { replayProgressText } from './replay/replay-progress.js';

// The command line first: --help and a bad argument must not connect to Kafka.
const { files } = parseOrExit(replayCommand, () => parseReplayArgs(process.argv.slice(2)));
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
const read: ReplayRead = { lines: 0, bytes: 0 };
const progress = new ProgressLine({ prefix: '[replay] ' });
const meter = new RateMeter();
try {
  for await (const batch of replayFiles(files, counts, { read })) {
    await publisher.publish(batch);
    progress.update(replayProgressText(read, counts, meter));
  }
  progress.update(replayProgressText(read, counts, meter));
  progress.done();
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
