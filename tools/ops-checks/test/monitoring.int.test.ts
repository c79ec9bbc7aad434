import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import {
  freePort,
  openTestWorld,
  serviceEntry,
  topicEnv,
  uniqueName,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import { ALERTS_FIRING, generatedDashboards, panelQueries, withFixedIntervals } from '../src/index.js';
import { startLagExporter } from './helpers/lag-exporter.js';
import { PrometheusServer } from './helpers/prometheus-server.js';
import { repoPath } from './helpers/repo.js';

// The whole monitoring chain on real parts: producer (X stream from the emulator + synthetic),
// filter, sink and trends as child processes on the real broker and database, scraped every second by a
// real Prometheus that evaluates ops/prometheus/alerts.yml; then every dashboard query and every
// rule is run through Prometheus' HTTP API.
const RUN_MS = 35_000;
const PARTITIONS = 3;
const WINDOW = '30s';
const TOKEN = 'emulator-token';

const log = createLogger({ service: 'monitoring-test', level: 'warn', destination: process.stderr });
const filterGroup = uniqueName('ops-filter');
const sinkGroup = uniqueName('ops-sink');
const trendsGroup = uniqueName('ops-trends');
let world: TestWorld;
let topics: TestTopics;
let checkpoints: string;
let dir: string | undefined;
let prometheus: PrometheusServer | undefined;
let runStartS = 0;
const processes: ServiceProcess[] = [];
const standInNotes: string[] = [];

/** A process on the world's broker and database (KAFKA_BROKERS, MONGODB_URI), its log in the run's directory. */
function service(name: string, entry: string, port: number, env: NodeJS.ProcessEnv): ServiceProcess {
  const p = world.startService({
    name,
    entry,
    port,
    env: { LOG_LEVEL: 'warn', ...env },
    logFile: join(dir ?? tmpdir(), `${name}.log`),
  });
  processes.push(p);
  return p;
}

/** The /metrics text of a service once its /readyz says ready (consumers: joined and assigned). */
async function readyMetrics(p: ServiceProcess): Promise<string> {
  const readyz = `http://127.0.0.1:${p.spec.port}/readyz`;
  const ready = await waitFor(
    async () =>
      !p.running ||
      (await fetch(readyz, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      )),
    90_000,
    500,
  );
  assert.ok(ready && p.running, `${p.spec.name} did not become ready; see ${p.spec.logFile}`);
  return p.metrics();
}

const gauge = (text: string, name: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

beforeAll(async () => {
  world = await openTestWorld();
  // The producer creates the pipeline topics and its checkpoints topic; the sink its database.
  topics = world.topicNames('ops-monitoring');
  checkpoints = `${topics.raw}.checkpoints`;
  world.adoptTopics(checkpoints);
  const database = world.database('ops_monitoring');
  dir = await mkdtemp(join(tmpdir(), 'ops-monitoring-'));
  const [producerPort, filterPort, sinkPort, trendsPort, emulatorPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = {
    ...topicEnv(topics, PARTITIONS),
    TOPIC_PRODUCER_CHECKPOINTS: checkpoints,
  };

  const emulator = service('x-api-emulator', repoPath('tools/x-api-emulator/dist/src/main.js'), emulatorPort, {
    X_EMULATOR_PORT: String(emulatorPort),
    X_EMULATOR_BEARER_TOKEN: TOKEN,
    X_EMULATOR_RATE: '50',
    X_EMULATOR_KEEPALIVE_MS: '1000',
  });
  const xUrl = `http://127.0.0.1:${emulatorPort}`;
  const emulatorUp = await waitFor(
    () =>
      fetch(`${xUrl}/_emulator/state`).then(
        (r) => r.ok,
        () => false,
      ),
    30_000,
  );
  assert.ok(emulatorUp, `the X API emulator did not start; see ${emulator.spec.logFile}`);

  const sink = service('sink', serviceEntry('sink'), sinkPort, {
    ...common,
    SINK_PORT: String(sinkPort),
    SINK_GROUP_ID: sinkGroup,
    MONGODB_DATABASE: database,
  });
  const trends = service('trends', serviceEntry('trends'), trendsPort, {
    ...common,
    TRENDS_PORT: String(trendsPort),
    TRENDS_GROUP_ID: trendsGroup,
    MONGODB_DATABASE: database,
  });
  const filter = service('filter', serviceEntry('filter'), filterPort, {
    ...common,
    FILTER_PORT: String(filterPort),
    FILTER_GROUP_ID: filterGroup,
    FILTER_INSTANCE_ID: uniqueName('ops-filter-instance'),
  });
  const producer = service('producer', serviceEntry('producer'), producerPort, {
    ...common,
    PRODUCER_PORT: String(producerPort),
    PRODUCER_SOURCES: 'x-filtered-stream,synthetic',
    PRODUCER_SPOOL_PATH: join(dir, 'spool', 'producer.db'),
    SYNTHETIC_RATE: '300',
    SYNTHETIC_INVALID_RATIO: '0.01',
    X_API_BASE_URL: xUrl,
    X_BEARER_TOKEN: TOKEN,
  });

  // Until filter and sink run their own lag reporter (libs/kafka lag-reporter.ts), a stand-in
  // exports their group's lag under their job, exactly as they will.
  const filterJob = { job: 'filter', targets: [`127.0.0.1:${filterPort}`] };
  const sinkJob = { job: 'sink', targets: [`127.0.0.1:${sinkPort}`] };
  const trendsJob = { job: 'trends', targets: [`127.0.0.1:${trendsPort}`] };
  const jobs = [{ job: 'producer', targets: [`127.0.0.1:${producerPort}`] }, filterJob, sinkJob, trendsJob];
  for (const [p, group, topic, job] of [
    [filter, filterGroup, topics.raw, filterJob],
    [sink, sinkGroup, topics.clean, sinkJob],
    [trends, trendsGroup, topics.clean, trendsJob],
  ] as const) {
    const text = await readyMetrics(p);
    if (!text.includes('# TYPE tweet_pipeline_consumer_lag gauge')) {
      const exporter = await startLagExporter({ kafka: world.kafka, group, topic, log });
      world.onClose(() => exporter.stop());
      job.targets.push(`127.0.0.1:${exporter.port}`);
      standInNotes.push(`${p.spec.name} does not export tweet_pipeline_consumer_lag yet: a stand-in exports it`);
    }
  }
  await readyMetrics(producer);

  const server = await PrometheusServer.start({ dir, jobs, ruleFiles: [repoPath('ops/prometheus/alerts.yml')] });
  world.onClose(() => server.stop());
  prometheus = server;
  runStartS = Date.now() / 1000;

  // Once the stream is up: a cut-off line (producer DLQ) and an in-stream error payload that ends
  // the connection (error payload + reconnect). A record the sink and trends cannot parse (their DLQ).
  const connected = await waitFor(
    async () => gauge(await producer.metrics(), 'tweet_pipeline_producer_stream_connected') === 1,
    30_000,
  );
  assert.ok(connected, `the producer did not connect to the X stream; see ${producer.spec.logFile}`);
  await sleep(2_000);
  const faults = await fetch(`${xUrl}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ type: 'malformed-line' }, { type: 'operational-disconnect' }]),
  });
  assert.ok(faults.ok, `the emulator refused the faults: ${await faults.text()}`);
  await world.sendAll(topics.clean, [{ key: 'not-a-tweet', value: 'not json' }]);

  const remaining = runStartS * 1000 + RUN_MS - Date.now();
  if (remaining > 0) await sleep(remaining);
  const dead = processes.find((p) => !p.running);
  assert.equal(dead, undefined, `${dead?.spec.name} exited during the run; see ${dead?.spec.logFile}`);
});

afterAll(async () => {
  // The producer (started last) first, then the world stops the others, the stand-ins and Prometheus.
  await processes.at(-1)?.stop();
  await world?.close();
  if (dir !== undefined && process.env.KEEP_TEST_LOGS === undefined) await rm(dir, { recursive: true, force: true });
  for (const note of standInNotes) console.log(`# note: ${note}`);
});

test('every query of every dashboard panel returns data from the live services', async () => {
  assert.ok(prometheus !== undefined);
  const end = Date.now() / 1000;
  const failures: string[] = [];
  let checked = 0;
  for (const dashboard of generatedDashboards().values()) {
    for (const q of panelQueries(dashboard)) {
      const expr = withFixedIntervals(q.expr, WINDOW);
      const answer = await prometheus.queryRange(expr, runStartS, end, 2);
      checked++;
      const where = `${q.dashboard} / ${q.panel} ${q.refId}: ${expr}`;
      if (answer.status !== 'success') failures.push(`${where}: ${answer.error}`);
      else if (!(answer.data?.result ?? []).some((s) => s.values.length > 0)) failures.push(`${where}: no data`);
    }
  }
  assert.ok(checked > 50, `only ${checked} queries`);
  assert.deepEqual(failures, [], `see the service logs in ${dir} (KEEP_TEST_LOGS=1 keeps them)`);
});

test('the dashboards’ alert annotation query runs', async () => {
  assert.ok(prometheus !== undefined);
  const answer = await prometheus.queryRange(ALERTS_FIRING, runStartS, Date.now() / 1000, 2);
  assert.equal(answer.status, 'success', answer.error);
});

test('every alerting and recording rule of alerts.yml evaluates without error', async () => {
  assert.ok(prometheus !== undefined);
  const server = prometheus;
  let rules = await server.rules();
  await waitFor(async () => (rules = await server.rules()).every((r) => r.health !== 'unknown'), 10_000);
  assert.ok(rules.length >= 11, `Prometheus loaded ${rules.length} rules`);
  const broken = rules.filter((r) => r.health !== 'ok' || (r.lastError ?? '') !== '');
  assert.deepEqual(
    broken.map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`),
    [],
  );
});

test('the DLQ alert fires on the run’s dead letters, and no critical alert fires in a healthy run', async () => {
  assert.ok(prometheus !== undefined);
  const alerts = await prometheus.alerts();
  // Pending is not asserted: one slow scrape on a busy machine makes ServiceDown pending for a while.
  for (const a of alerts.filter((x) => x.state === 'pending')) console.info(`pending: ${JSON.stringify(a.labels)}`);
  const dlq = alerts.filter((a) => a.labels.alertname === 'DeadLetterMessages');
  assert.ok(
    dlq.some((a) => a.labels.service === 'sink') && dlq.some((a) => a.labels.service !== 'sink'),
    `DeadLetterMessages: ${JSON.stringify(dlq.map((a) => a.labels))}`,
  );
  const critical = alerts.filter((a) => a.labels.severity === 'critical' && a.state === 'firing');
  assert.deepEqual(
    critical.map((a) => `${a.labels.alertname} ${a.state} ${a.labels.instance ?? ''}`),
    [],
  );
});
