/**
 * Sink throughput against the ceiling of the same database: in one run,
 *
 *   (a) raw `insertMany` of N CleanTweet documents, batches of 1,000, into a
 *       fresh collection with the sink's indexes (run before and after (b));
 *   (b) the sink process consuming the same N records from a pre-filled
 *       `tweets.clean` topic into another fresh collection;
 *   (c) a paced stream (live records, 1,000/s) through the running sink, for
 *       the end-to-end latency histogram (received → stored).
 *
 * Not part of `npm test`. Needs the servers and a build:
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 MONGODB_URI=mongodb://127.0.0.1:27017 \
 *     node services/sink/dist/bench/sink-throughput.bench.js [N=100000] [partitions=12]
 */
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type Collection } from 'mongodb';
import type { CleanTweet } from '@tweet-pipeline/contracts';
import { createLogger } from '@tweet-pipeline/observability';
import {
  ServiceProcess,
  deleteTopics,
  serviceEntry,
  testKafka,
  testTopics,
  topicEnv,
  uniqueName,
} from '@tweet-pipeline/testkit';
import { ensureIndexes } from '../src/indexes.js';
import { describeServer } from '@tweet-pipeline/mongo';
import { toDocument, type TweetDocument } from '../src/to-document.js';
import { cleanTweet, tweetId } from '../test/helpers/clean-tweets.js';
import { connectedProducer, createSinkTopics, sendAll } from '../test/helpers/kafka-fixtures.js';
import { freePort, metricValue } from '../test/helpers/sink-harness.js';

const N = Number(process.argv[2] ?? 100_000);
const PARTITIONS = Number(process.argv[3] ?? 12);
const BATCH = 1_000;
const LATENCY_RECORDS = 10_000;
const LATENCY_RATE = 1_000;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const log = createLogger({ service: 'bench', level: 'silent' });

async function rawInsert(collection: Collection<TweetDocument>, tweets: readonly CleanTweet[]): Promise<number> {
  await ensureIndexes(collection, null, log);
  const documents = tweets.map(toDocument);
  const started = performance.now();
  for (let i = 0; i < documents.length; i += BATCH) {
    await collection.insertMany(documents.slice(i, i + BATCH), {
      ordered: false,
      writeConcern: { w: 'majority', wtimeoutMS: 10_000 },
    });
  }
  return documents.length / ((performance.now() - started) / 1000);
}

/** Quantile from a cumulative Prometheus histogram (bucket upper bounds), as Prometheus' histogram_quantile. */
function quantile(buckets: readonly { le: number; count: number }[], q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = le;
    below = count;
  }
  return Number.NaN;
}

function latencyBuckets(text: string): { le: number; count: number }[] {
  const buckets: { le: number; count: number }[] = [];
  for (const line of text.split('\n')) {
    const match = /^tweet_pipeline_end_to_end_latency_seconds_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (match) buckets.push({ le: match[1] === '+Inf' ? Infinity : Number(match[1]), count: Number(match[2]) });
  }
  return buckets;
}

async function main(): Promise<void> {
  const mongo = new MongoClient(mongoUri);
  await mongo.connect();
  const server = describeServer(await mongo.db('admin').command({ buildInfo: 1 }));
  const kafka = testKafka(brokers);
  const topics = testTopics('bench-sink');
  const databases = { raw: uniqueName('tp_bench_raw'), sink: uniqueName('tp_bench_sink') };
  for (const key of ['raw', 'sink'] as const) databases[key] = databases[key].replaceAll('-', '_');
  let sink: ServiceProcess | undefined;
  out(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
  );
  out(`database: ${server.kind} ${server.version}; N = ${fmt(N)}, ${PARTITIONS} partitions, batches of ${fmt(BATCH)}`);
  try {
    const tweets = Array.from({ length: N }, (_, i) => cleanTweet(tweetId(77, i), i));

    // (a) the ceiling, measured before the sink run…
    const rawBefore = await rawInsert(mongo.db(databases.raw).collection<TweetDocument>('before'), tweets);
    out(`(a) raw insertMany, before:  ${fmt(rawBefore)} docs/s`);

    // (b) pre-fill, then the sink drains the topic.
    await createSinkTopics(kafka, topics, PARTITIONS);
    const producer = await connectedProducer(kafka);
    const produceStarted = performance.now();
    await sendAll(
      producer,
      topics.clean,
      tweets.map((t) => ({ key: t.id, value: JSON.stringify(t) })),
    );
    out(`    topic pre-filled at ${fmt(N / ((performance.now() - produceStarted) / 1000))} records/s (not timed)`);
    const port = await freePort();
    const logFile = join(tmpdir(), `${uniqueName('bench-sink')}.log`);
    const started = performance.now();
    sink = new ServiceProcess({
      name: 'sink',
      entry: serviceEntry('sink'),
      port,
      logFile,
      env: {
        ...process.env,
        ...topicEnv(topics, PARTITIONS),
        KAFKA_BROKERS: brokers.join(','),
        MONGODB_URI: mongoUri,
        MONGODB_DATABASE: databases.sink,
        SINK_GROUP_ID: uniqueName('bench-sink-group'),
        SINK_PORT: String(port),
        SINK_MAX_BATCH_SIZE: String(BATCH),
        LOG_LEVEL: 'warn',
      },
    });
    let first: { at: number; count: number } | undefined;
    let inserted = 0;
    while (inserted < N) {
      if (!sink.running) throw new Error(`the sink exited; see ${logFile}`);
      await sleep(100);
      inserted = metricValue(await sink.metrics(), 'tweet_pipeline_sink_documents_total', { result: 'inserted' }) ?? 0;
      if (first === undefined && inserted > 0) first = { at: performance.now(), count: inserted };
    }
    const done = performance.now();
    const sinkRate = first === undefined ? 0 : (N - first.count) / ((done - first.at) / 1000);
    out(
      `(b) sink, pre-filled topic:   ${fmt(sinkRate)} docs/s steady (first write → last); ` +
        `${fmt(N / ((done - started) / 1000))} docs/s including process start and group join`,
    );
    const drained = await sink.metrics();
    const writeSeconds = metricValue(drained, 'tweet_pipeline_sink_write_duration_seconds_sum') ?? 0;
    const writes = metricValue(drained, 'tweet_pipeline_sink_write_duration_seconds_count') ?? 0;
    out(
      `    ${fmt(writes)} bulk writes of ${fmt(N / Math.max(1, writes))} documents on average; the database was busy ` +
        `${fmt((100 * writeSeconds) / ((done - started) / 1000), 1)} % of the sink's wall time`,
    );

    // …and after, so drift of the server during the run shows.
    const rawAfter = await rawInsert(mongo.db(databases.raw).collection<TweetDocument>('after'), tweets);
    out(`(a) raw insertMany, after:   ${fmt(rawAfter)} docs/s`);
    const ceiling = (rawBefore + rawAfter) / 2;
    out(`ratio sink / raw (mean of before and after): ${fmt((100 * sinkRate) / ceiling, 1)} % (goal >= 80 %)`);

    // (c) live records at a steady rate: end-to-end latency from the sink's own histogram.
    const beforeLatency = latencyBuckets(await sink.metrics());
    const paceStarted = performance.now();
    for (let i = 0; i < LATENCY_RECORDS; i += LATENCY_RATE / 10) {
      const now = new Date().toISOString();
      const chunk = Array.from({ length: LATENCY_RATE / 10 }, (_, j) =>
        cleanTweet(tweetId(78, i + j), i + j, { received_at: now, filtered_at: now }),
      );
      await producer.send({
        topic: topics.clean,
        messages: chunk.map((t) => ({ key: t.id, value: JSON.stringify(t) })),
      });
      await sleep(Math.max(0, paceStarted + ((i + LATENCY_RATE / 10) * 1000) / LATENCY_RATE - performance.now()));
    }
    await producer.disconnect();
    while (
      (metricValue(await sink.metrics(), 'tweet_pipeline_sink_documents_total', { result: 'inserted' }) ?? 0) <
      N + LATENCY_RECORDS
    ) {
      await sleep(100);
    }
    const afterLatency = latencyBuckets(await sink.metrics());
    const delta = afterLatency.map((b, i) => ({ le: b.le, count: b.count - (beforeLatency[i]?.count ?? 0) }));
    const ms = (q: number) => fmt(quantile(delta, q) * 1000);
    out(
      `(c) end-to-end latency at ${fmt(LATENCY_RATE)}/s (${fmt(LATENCY_RECORDS)} records, SINK_MAX_WAIT_MS default): ` +
        `p50 ${ms(0.5)} ms, p90 ${ms(0.9)} ms, p99 ${ms(0.99)} ms (bucket-interpolated)`,
    );
  } finally {
    await sink?.stop();
    for (const name of Object.values(databases)) {
      await mongo
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
    }
    await mongo.close();
    await deleteTopics(kafka, Object.values(topics));
  }
}

await main();
