#!/usr/bin/env node
// `npm start`: runs producer → filter → sink on the local stack, prints live
// per-stage counts, and on exit a summary whose last line is one JSON object.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { parseOrExit } from '@tweet-pipeline/cli';
import { Topics } from '@tweet-pipeline/contracts';

import {
  ServiceProcess,
  ensureLocalStack,
  repoRoot as root,
  serviceEntry,
  sumMetric,
  workspaceEntry,
} from '@tweet-pipeline/testkit';
import { parseRunnerArgs, runnerCommand } from './args.js';

// The command line first: --help and a bad argument must not start the stack.
const { durationS, rate, sources } = parseOrExit(runnerCommand, () => parseRunnerArgs(process.argv.slice(2)));
// Stopped when this process exits if it was started here.
ensureLocalStack({ dockerCompose: true });

const env = process.env;
const mongoUri = env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const database = env.MONGODB_DATABASE ?? 'tweet_pipeline';
const logDir = join(root, '.local-stack', 'logs');
mkdirSync(logDir, { recursive: true });
const out = (line: string): boolean => process.stdout.write(line + '\n');

const runStart = Date.now();
let emulator: ServiceProcess | undefined;
const service = (name: string, port: number, extra: NodeJS.ProcessEnv = {}): ServiceProcess =>
  new ServiceProcess({
    name,
    port,
    entry: serviceEntry(name),
    env: { ...env, ...extra },
    logFile: join(logDir, `${name}.log`),
  });
const xEnv = await xApiEnv(sources);
const sink = service('sink', 9103);
const filter = service('filter', 9102);
const producer = service('producer', 9101, {
  PRODUCER_SOURCES: sources.join(','),
  SYNTHETIC_RATE: String(rate),
  PRODUCER_SPOOL_PATH: env.PRODUCER_SPOOL_PATH ?? join(root, '.local-stack', 'spool', 'producer.db'),
  ...xEnv,
});
const services = [producer, filter, sink];
out(`pipeline started: sources ${sources.join(', ')} (synthetic at ${rate} tweets/s); service logs in ${logDir}`);

const last = new Map<string, string>();
async function scrape(): Promise<Counts> {
  await Promise.all(
    services.map(async (s) => {
      const text = await s.metrics();
      if (text !== '') last.set(s.spec.name, text);
    }),
  );
  const p = last.get('producer') ?? '';
  const f = last.get('filter') ?? '';
  const k = last.get('sink') ?? '';
  const outcome = (o: string): number => sumMetric(f, 'tweet_pipeline_filter_messages_total', { outcome: o });
  const bySource = sources
    .map((source) => `${source} ${sumMetric(p, 'tweet_pipeline_producer_tweets_received_total', { source })}`)
    .join(', ');
  return {
    bySource,
    received: sumMetric(p, 'tweet_pipeline_producer_tweets_received_total'),
    published: sumMetric(p, 'tweet_pipeline_producer_tweets_published_total'),
    passed: outcome('passed'),
    duplicates: outcome('duplicate'),
    filtered_out: outcome('filtered_out'),
    invalid: outcome('invalid'),
    inserted: sumMetric(k, 'tweet_pipeline_sink_documents_total', { result: 'inserted' }),
  };
}
interface Counts {
  bySource: string;
  received: number;
  published: number;
  passed: number;
  duplicates: number;
  filtered_out: number;
  invalid: number;
  inserted: number;
}

const stopRequested = new AbortController();
process.once('SIGINT', () => stopRequested.abort());
process.once('SIGTERM', () => stopRequested.abort());
const deadline = durationS > 0 ? runStart + durationS * 1000 : Number.POSITIVE_INFINITY;

let exitCode = 0;
while (!stopRequested.signal.aborted && Date.now() < deadline) {
  await sleep(Math.min(2_000, Math.max(0, deadline - Date.now())), undefined, { signal: stopRequested.signal }).catch(
    () => undefined,
  );
  const c = await scrape();
  const elapsed = Math.round((Date.now() - runStart) / 1000);
  out(
    `[${String(elapsed).padStart(4)}s] producer received ${c.received} published ${c.published} | ` +
      `filter passed ${c.passed} duplicate ${c.duplicates} filtered_out ${c.filtered_out} invalid ${c.invalid} | sink inserted ${c.inserted}`,
  );
  const dead = services.find((s) => !s.running);
  if (dead !== undefined) {
    out(`${dead.spec.name} exited unexpectedly; see ${dead.spec.logFile}`);
    exitCode = 1;
    break;
  }
}

out('stopping: producer first, then waiting for filter and sink to drain');
await producer.stop();
await emulator?.stop();
const counts = await waitForDrain(60_000);
await Promise.all([filter.stop(), sink.stop()]);

const mongo = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 5_000 });
const stored = await mongo
  .db(database)
  .collection(env.MONGODB_COLLECTION ?? 'tweets')
  .countDocuments({ received_at: { $gte: new Date(runStart) } });
await mongo.close();

out('');
out(`received      ${counts.received}   (${counts.bySource})`);
out(`duplicates    ${counts.duplicates}   (dropped by tweet id)`);
out(`filtered_out  ${counts.filtered_out}   (no keyword matched)`);
out(`invalid       ${counts.invalid}   (sent to ${env.TOPIC_DLQ ?? Topics.dlq})`);
out(`stored        ${stored}   (documents in MongoDB ${database} received during this run)`);
out(
  JSON.stringify({
    received: counts.received,
    duplicates: counts.duplicates,
    filtered_out: counts.filtered_out,
    invalid: counts.invalid,
    stored,
  }),
);
process.exit(exitCode);

/**
 * Where the producer's X sources connect: the real X API when X_BEARER_TOKEN
 * is set, otherwise the local emulator, started here, so the real
 * twitter-api-v2 code path runs offline.
 */
async function xApiEnv(selected: readonly string[]): Promise<Record<string, string>> {
  if (!selected.some((s) => s.startsWith('x-'))) return {};
  if (env.X_BEARER_TOKEN !== undefined && env.X_BEARER_TOKEN !== '') {
    out('X_BEARER_TOKEN is set: the X sources read the real X API');
    return {};
  }
  const port = env.X_EMULATOR_PORT ?? '8787';
  emulator = new ServiceProcess({
    name: 'x-api-emulator',
    port: Number(port),
    entry: workspaceEntry('tools/x-api-emulator'),
    env: { ...env, X_EMULATOR_PORT: port },
    logFile: join(logDir, 'x-api-emulator.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  const token = env.X_EMULATOR_BEARER_TOKEN ?? 'emulator-token';
  const until = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`${url}/2/tweets/search/stream/rules`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until || !emulator.running)
      throw new Error(`the X API emulator did not start; see ${emulator.spec.logFile}`);
    await sleep(200);
  }
  out(`X API emulator at ${url} (set X_BEARER_TOKEN to read the real X API instead)`);
  return { X_API_BASE_URL: url, X_BEARER_TOKEN: token };
}

/**
 * Drained when the filter has an outcome for every record published and the
 * sink a result for every record passed, twice in a row. Counts, not group
 * lag: on a transactional topic the commit markers keep the lag at >= 1.
 */
async function waitForDrain(timeoutMs: number): Promise<Counts> {
  const until = Date.now() + timeoutMs;
  let previous = '';
  for (;;) {
    const c = await scrape();
    const sunk = sumMetric(last.get('sink') ?? '', 'tweet_pipeline_sink_documents_total');
    const drained = c.passed + c.duplicates + c.filtered_out + c.invalid >= c.published && sunk >= c.passed;
    const key = JSON.stringify(c);
    if (drained && key === previous) return c;
    if (Date.now() > until) {
      out(`warning: filter/sink had not drained after ${timeoutMs / 1000}s; counts may be partial`);
      return c;
    }
    previous = drained ? key : '';
    await sleep(500);
  }
}
