/**
 * Benchmark of the filter as deployed (issue 4): one instance's throughput on
 * a real broker against the pure per-batch rules, its memory per remembered
 * id, and the time to restore 10 M ids from `tweets.dedupe-state`. Prints one
 * line per figure and asserts nothing. Not part of `npm test`; run by hand
 * after a build, against a broker of your own (it writes ~10 M records):
 *
 *   KAFKA_BROKERS=127.0.0.1:29092 node --max-old-space-size=4096 \
 *     services/filter/dist/bench/filter-throughput.bench.js [rawTweets=200000] [restoreIds=10000000]
 */
import { createServer } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  GroupLagReader,
  createProducer,
  ensureTopics,
  pipelineTopicSpecs,
  readPartitionsToEnd,
  type Message,
} from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { SyntheticTweets, type SyntheticRecord } from '@tweet-pipeline/synthetic';
import { deleteTopics, groupProgress, testKafka, testTopics, uniqueName, waitFor } from '@tweet-pipeline/testkit';
import { batchOutput } from '../src/batch-output.js';
import { loadFilterConfig } from '../src/config.js';
import { PartitionedDedupeState } from '../src/dedupe/partitioned-dedupe-state.js';
import { StateRestorer } from '../src/dedupe/state-restorer.js';
import { processBatch, type BatchRecord } from '../src/process-batch.js';
import { startFilterInstance } from '../test/helpers/filter-instance.js';

import { chunked, sendInChunks } from '../test/helpers/send-in-chunks.js';
import { toRawMessage } from '../test/helpers/synthetic-raw.js';

const RAW_TWEETS = Number(process.argv[2] ?? 200_000);
const RESTORE_IDS = Number(process.argv[3] ?? 10_000_000);
const PARTITIONS = 12;
const BATCH = 500;
const WINDOW_MS = 86_400_000;
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
// No default: ten million records must not land on a shared broker by accident.
const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [];
if (brokers.length === 0) {
  process.stderr.write('set KAFKA_BROKERS to a broker of your own (the benchmark writes ~10 M records)\n');
  process.exit(2);
}
const OUTPUT_TOPICS = { clean: 'clean', dedupeState: 'dedupe-state', dlq: 'dlq' };
const synthetic = { seed: 7, musicRatio: 0.3, duplicateRatio: 0.1, invalidRatio: 0, startMs: 1_760_000_000_000 };

// A forced GC before each memory reading makes a delta mean "what the state holds", not "what is not yet collected".
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
const log = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });
const kafka = testKafka(brokers);

/** The per-batch rules alone, as the service runs them, on batches of 500: the ceiling Kafka I/O sits under. */
function inProcessRate(tweets: readonly SyntheticRecord[], withOutput: boolean): number {
  const rules = loadFilterConfig({}).rules;
  const state = new PartitionedDedupeState({ windowMs: WINDOW_MS });
  state.assign(0);
  const memory = state.forPartition(0);
  const records: BatchRecord[] = tweets.map((r, i) => ({
    key: r.key,
    value: Buffer.from(String(toRawMessage(r, 0).value)),
    source: 'synthetic',
    receivedAt: String(Date.now()),
    offset: String(i),
  }));
  const started = performance.now();
  for (let from = 0; from < records.length; from += BATCH) {
    const now = Date.now();
    const result = processBatch(records.slice(from, from + BATCH), memory, rules, now);
    if (withOutput) batchOutput(result, { topic: 'raw', partition: 0, messages: [] }, OUTPUT_TOPICS, 'filter', now);
    for (const id of result.newIds) memory.remember(id, now);
  }
  return records.length / ((performance.now() - started) / 1000);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

/**
 * (a) and (b): one filter process working off a pre-filled raw topic (topics
 * of its own, so each run starts from nothing), then its /metrics.
 */
async function singleInstance(records: readonly SyntheticRecord[], maxBatchSize: number): Promise<void> {
  const topics = testTopics('filter-bench');
  created.push(...Object.values(topics));
  const specs = pipelineTopicSpecs({
    names: topics,
    partitions: PARTITIONS,
    replicationFactor: 1,
    dedupeWindowMs: WINDOW_MS,
  });
  await ensureTopics(kafka, Object.values(specs), log);
  const producer = createProducer(kafka, { lingerMs: 20 });
  await producer.connect();
  const filled = performance.now();
  // Fresh Message objects per send: the client's send() rewrites the ones it is given (value, headers).
  const receivedAt = Date.now();
  const chunks = (function* () {
    for (const chunk of chunked(records, 5_000)) yield chunk.map((r) => toRawMessage(r, receivedAt));
  })();
  await sendInChunks(producer, topics.raw, chunks, 4);
  const fillMs = performance.now() - filled;
  await producer.disconnect();
  out(`raw pre-fill: ${fmt(records.length)} tweets in ${seconds(fillMs)} (${fmt(records.length / (fillMs / 1000))}/s)`);

  const group = uniqueName('filter-bench');
  const progressOf = new GroupLagReader({ kafka, groupId: group });
  const port = await freePort();
  const spawned = performance.now();
  const filter = startFilterInstance({
    brokers,
    topics,
    partitions: PARTITIONS,
    groupId: group,
    instanceId: 'bench',
    port,
    env: { FILTER_MAX_BATCH_SIZE: String(maxBatchSize) },
  });
  const label = `single instance, FILTER_MAX_BATCH_SIZE=${maxBatchSize}`;
  try {
    let firstCommit: { at: number; committed: number } | undefined;
    let peakRss = 0;
    const done = await waitFor(
      async () => {
        const [progress, text] = await Promise.all([groupProgress(progressOf, group, topics.raw), filter.metrics()]);
        peakRss = Math.max(peakRss, metric(text, 'process_resident_memory_bytes') || 0);
        if (firstCommit === undefined && progress.committed > 0)
          firstCommit = { at: performance.now(), committed: progress.committed };
        return progress.caughtUp;
      },
      900_000,
      200,
    );
    const end = performance.now();
    if (!done || firstCommit === undefined) {
      out(`${label}: did not catch up within 15 min (log: ${filter.spec.logFile})`);
      return;
    }
    const steady = (records.length - firstCommit.committed) / ((end - firstCommit.at) / 1000);
    out(
      `${label}, spawn → all committed: ${seconds(end - spawned)} (${fmt(records.length / ((end - spawned) / 1000))} tweets/s)`,
    );
    out(
      `${label}, first commit → all committed: ${fmt(steady)} tweets/s (goal ≥ 20,000/s; first commit ${seconds(firstCommit.at - spawned)} after spawn)`,
    );
    const text = await filter.metrics();
    out(
      `${label}, filter process after the run: ${fmt(metric(text, 'tweet_pipeline_filter_dedupe_state_entries'))} ids remembered; ` +
        `RSS ${mib(metric(text, 'process_resident_memory_bytes'))} (peak seen ${mib(peakRss)}), JS heap used ${mib(metric(text, 'nodejs_heap_size_used_bytes'))}, ` +
        `external ${mib(metric(text, 'nodejs_external_memory_bytes'))}`,
    );
  } finally {
    await filter.stop();
    await progressOf.close();
  }
}

/** Snowflake-shaped 19-digit ids spread over the window, and first-seen times inside it. */
function* stateRecords(count: number, nowMs: number): Generator<Message[]> {
  const chunk = 10_000;
  for (let from = 0; from < count; from += chunk) {
    const messages: Message[] = [];
    for (let i = from; i < Math.min(count, from + chunk); i++) {
      const seenAt = nowMs - WINDOW_MS + 3_600_000 + Math.floor((i * (WINDOW_MS - 7_200_000)) / count);
      const id = ((BigInt(seenAt) - TWITTER_EPOCH_MS) << 22n) | BigInt(i % 4_096);
      messages.push({ key: id.toString(), value: String(seenAt) });
    }
    yield messages;
  }
}

/** (c): fill a compacted state topic, then restore all its partitions the way an instance does on assignment. */
async function restore(count: number): Promise<void> {
  const topics = testTopics('filter-bench-restore');
  created.push(topics.dedupeState);
  const specs = pipelineTopicSpecs({
    names: topics,
    partitions: PARTITIONS,
    replicationFactor: 1,
    dedupeWindowMs: WINDOW_MS,
  });
  await ensureTopics(kafka, [specs.dedupeState], log);
  const producer = createProducer(kafka, { lingerMs: 50 });
  await producer.connect();
  const filled = performance.now();
  await sendInChunks(producer, topics.dedupeState, stateRecords(count, Date.now()), 8);
  const fillMs = performance.now() - filled;
  await producer.disconnect();
  out(`dedupe-state fill: ${fmt(count)} records in ${seconds(fillMs)} (${fmt(count / (fillMs / 1000))}/s)`);

  const partitions = Array.from({ length: PARTITIONS }, (_, p) => p);
  // The read alone, to tell the client's share of a restore from the table's.
  const readStarted = performance.now();
  const read = await readPartitionsToEnd({
    brokers,
    clientId: uniqueName('bench-read'),
    topic: topics.dedupeState,
    partitions,
    log,
    onRecord: () => undefined,
  });
  const readMs = performance.now() - readStarted;
  out(
    `read of ${fmt(read)} records to end, nothing remembered: ${seconds(readMs)} (${fmt(read / (readMs / 1000))} records/s)`,
  );

  gc();
  const before = process.memoryUsage();
  const state = new PartitionedDedupeState({ windowMs: WINDOW_MS });
  let restored = 0;
  const restorer = new StateRestorer({
    state,
    brokers,
    clientId: uniqueName('bench-restore'),
    topic: topics.dedupeState,
    log,
    onRestored: (_seconds, records) => (restored = records),
    onFailed: (err) => log.error({ err }, 'restore failed'),
  });
  const started = performance.now();
  restorer.assign(partitions);
  await Promise.all(partitions.map((p) => restorer.ready(p)));
  const ms = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  out(
    `StateRestorer, ${fmt(restored)} records in ${PARTITIONS} partitions: ${seconds(ms)} (${fmt(restored / (ms / 1000))} ids/s; goal ≤ 30 s for 10 M)`,
  );
  if (count < 10_000_000)
    out(`  extrapolated linearly to 10 M ids: ${seconds((ms * 10_000_000) / count)} (measured on ${fmt(count)})`);
  out(
    `memory per remembered id at ${fmt(state.size)} ids: ${fmt(state.memoryBytes() / state.size, 1)} B in the tables, ` +
      `${fmt((after.arrayBuffers - before.arrayBuffers) / state.size, 1)} B arrayBuffers delta, ` +
      `${fmt((after.rss - before.rss) / state.size, 1)} B RSS delta (includes what the client's fetch buffers left behind)`,
  );
}

out(`filter throughput benchmark: node ${process.version}, broker ${brokers.join(',')}, ${PARTITIONS} partitions`);
const source = new SyntheticTweets(synthetic);
const records = Array.from({ length: RAW_TWEETS }, () => source.next());
for (const withOutput of [false, true]) {
  const label = withOutput ? 'processBatch + batchOutput' : 'processBatch';
  const rates = [1, 2, 3].map(() => inProcessRate(records, withOutput));
  out(`in-process ${label}: ${fmt(Math.max(...rates))} tweets/s best of 3 (first pass ${fmt(rates[0]!)})`);
}
const created: string[] = [];
try {
  await singleInstance(records, 500);
  await singleInstance(records, 2_000);
  await restore(RESTORE_IDS);
} finally {
  await deleteTopics(kafka, created);
}
