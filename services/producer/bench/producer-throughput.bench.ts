// Producer publish rate from the synthetic source vs Kafka's own
// ProducerPerformance on the same broker, in the same run, ~1 KB records.
// Prints figures; asserts nothing. Needs the local stack (npm run bench -- producer-throughput).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProducer, ensureTopics, pipelineTopicSpecs } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  ServiceProcess,
  deleteTopics,
  kafkaProducerCeiling,
  serviceEntry,
  testKafka,
  testTopics,
  topicEnv,
  uniqueName,
} from '@tweet-pipeline/testkit';

const N = Number(process.env.BENCH_RECORDS ?? 200_000);
const PARTITIONS = 12;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const log = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });
const kafka = testKafka(brokers);
const line = (label: string, value: string): boolean => process.stdout.write(`${label.padEnd(44)} ${value}\n`);

const sample = new SyntheticTweets({ seed: 1, musicRatio: 0.3, duplicateRatio: 0, invalidRatio: 0 });
const sizes = Array.from({ length: 1_000 }, () => {
  const r = sample.next();
  return r.kind === 'invalid' ? r.bytes.length : Buffer.byteLength(JSON.stringify(r.message));
});
const recordSize = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
line('machine', `${(await import('node:os')).cpus().length} cores, every component local`);
line('records per run', `${N} (synthetic tweets average ${recordSize} bytes)`);

// 1. Kafka's ceiling: its Java perf tool with the same delivery settings (idempotent, acks=all, lz4, linger 5 ms).
const perfTopics = testTopics('bench-perf');
await ensureTopics(
  kafka,
  [
    pipelineTopicSpecs({ names: perfTopics, partitions: PARTITIONS, replicationFactor: 1, dedupeWindowMs: 3_600_000 })
      .raw,
  ],
  log,
);
const perfRate = kafkaProducerCeiling({ brokers, topic: perfTopics.raw, records: N, recordSize });
line('Kafka ProducerPerformance', `${Math.round(perfRate)} records/s`);

// 2. Raw client ceiling from Node: the same client and settings as the producer, without spool or source.
const rawProducer = createProducer(kafka);
await rawProducer.connect();
const payloads = Array.from({ length: 1_000 }, () => {
  const r = sample.next();
  return r.kind === 'invalid' ? { key: r.key, value: r.bytes } : { key: r.key, value: JSON.stringify(r.message) };
});
let t0 = process.hrtime.bigint();
for (let sent = 0; sent < N; sent += 1_000) await rawProducer.send({ topic: perfTopics.raw, messages: payloads });
const clientRate = N / (Number(process.hrtime.bigint() - t0) / 1e9);
await rawProducer.disconnect();
line('Node client send() in batches of 1,000', `${Math.round(clientRate)} records/s`);

// 3. The producer service: synthetic source → durable spool → Kafka, as deployed.
const topics = testTopics('bench-producer');
const port = 19_101;
const service = new ServiceProcess({
  name: 'producer',
  entry: serviceEntry('producer'),
  port,
  logFile: join(tmpdir(), `${uniqueName('bench-producer')}.log`),
  env: {
    ...process.env,
    ...topicEnv(topics, PARTITIONS),
    KAFKA_BROKERS: brokers.join(','),
    PRODUCER_PORT: String(port),
    PRODUCER_SPOOL_PATH: join(mkdtempSync(join(tmpdir(), 'bench-spool-')), 'spool.db'),
    SYNTHETIC_RATE: '10000000',
    SYNTHETIC_COUNT: String(N),
    SYNTHETIC_DUPLICATE_RATIO: '0',
    SYNTHETIC_INVALID_RATIO: '0',
    LOG_LEVEL: 'warn',
  },
});
const published = async (): Promise<number> => {
  const text = await service.metrics();
  return Number(/^tweet_pipeline_producer_tweets_published_total (\S+)/m.exec(text)?.[1] ?? 0);
};
while ((await service.metrics()) === '') await sleep(50);
t0 = process.hrtime.bigint();
let first = 0;
while ((await published()) < N) {
  if (first === 0 && (await published()) > 0) first = Number(process.hrtime.bigint() - t0) / 1e9;
  await sleep(50);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const serviceRate = N / seconds;
await service.stop();
line('producer service (synthetic → spool → Kafka)', `${Math.round(serviceRate)} records/s (${seconds.toFixed(1)} s)`);
line('producer / Kafka ProducerPerformance', `${((serviceRate / perfRate) * 100).toFixed(0)} %  (goal >= 50 %)`);
line('producer / Node client ceiling', `${((serviceRate / clientRate) * 100).toFixed(0)} %`);
await deleteTopics(kafka, [...Object.values(perfTopics), ...Object.values(topics)]);
