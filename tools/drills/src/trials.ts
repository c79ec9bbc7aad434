import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '@tweet-pipeline/synthetic';
import { startEmulator } from '@tweet-pipeline/x-api-emulator';
import { streamExpected, syntheticExpected, type ExpectedIds } from './expected.js';
import type { TrialPipeline } from './pipeline.js';
import type { TrialName } from './report.js';
import type { StackControl } from './stack-control.js';

/**
 * What a trial has done so far and how to judge it, filled in as it goes so
 * that a trial that fails half-way is still counted and described.
 */
export interface TrialProgress {
  workload: Readonly<Record<string, number | string>>;
  /** The fault's steps as injected, with their timing (seconds since the trial started). */
  readonly steps: string[];
  /** What else the trial observed that a reader of the report should know (slow start-up, …). */
  readonly notes: string[];
  /** Evaluated after the drain: for the X trial the expected ids are only known once the stream has ended. */
  expected?: () => ExpectedIds;
  producerDone?: () => Promise<boolean>;
  /** Undoes what the trial set up outside the pipeline (the emulator); runs whatever happened. */
  cleanup?: () => Promise<void>;
}

export interface TrialEnv {
  readonly seed: number;
  readonly control: StackControl | null;
  readonly say: (line: string) => void;
  /** Registers an undo that must run even if the drill fails or is interrupted (thaw a frozen server, restart a stopped one). */
  readonly onAbort: (undo: (() => Promise<void>) | undefined) => void;
  readonly progress: TrialProgress;
}

export type Trial = (p: TrialPipeline, env: TrialEnv) => Promise<void>;

interface SyntheticWorkload {
  readonly count: number;
  readonly rate: number;
}

const MUSIC_RATIO = 0.3;
const DUPLICATE_RATIO = 0.05;

const at = (p: TrialPipeline): string => `${p.elapsed.toFixed(1)} s`;

/**
 * The sink and filter-0, ready before any record is produced. Up to 6 min: a
 * consumer that subscribes to a topic created a moment earlier can miss it in
 * its first metadata and wait for librdkafka's next refresh (5 min by default);
 * that start-up delay is noted in the row, not counted as the fault's effect.
 */
async function startConsumers(p: TrialPipeline, env: TrialEnv): Promise<void> {
  const from = p.elapsed;
  await p.startConsumers(360_000);
  const took = p.elapsed - from;
  if (took > 30) {
    env.progress.notes.push(
      `start-up: sink and filter took ${took.toFixed(0)} s to be ready (assigned) on the fresh topics, before any tweet was sent`,
    );
  }
}

/**
 * Consumers first (assigned before data arrives), then the producer's
 * synthetic source with a fixed seed and start time, so a restarted producer
 * emits the very same records again; returns once records reach tweets.raw,
 * with how long the source takes to emit the whole workload.
 */
async function startSynthetic(p: TrialPipeline, env: TrialEnv, workload: SyntheticWorkload): Promise<number> {
  const options = {
    seed: env.seed,
    musicRatio: MUSIC_RATIO,
    duplicateRatio: DUPLICATE_RATIO,
    invalidRatio: 0,
    startMs: Date.now(),
  };
  const expected = syntheticExpected(options, workload.count);
  env.progress.workload = {
    ...workload,
    seed: options.seed,
    startMs: options.startMs,
    musicRatio: MUSIC_RATIO,
    duplicateRatio: DUPLICATE_RATIO,
  };
  // The current producer process has received the whole workload (a restarted one emits it
  // all again) and its spool is empty: everything it received is acknowledged on tweets.raw.
  env.progress.producerDone = async () => {
    if (!p.has('producer') || (await p.slot('producer').metrics()) === '') return false;
    const received = await p.metric('producer', 'tweet_pipeline_producer_tweets_received_total', {
      source: 'synthetic',
    });
    const spool = await p.metric('producer', 'tweet_pipeline_producer_spool_bytes');
    return received >= workload.count && spool === 0;
  };
  await startConsumers(p, env);
  // From here on the workload is being sent: it counts even if the trial fails later.
  env.progress.expected = () => expected;
  await p.startProducer({
    PRODUCER_SOURCES: 'synthetic',
    SYNTHETIC_COUNT: String(workload.count),
    SYNTHETIC_RATE: String(workload.rate),
    SYNTHETIC_SEED: String(options.seed),
    SYNTHETIC_MUSIC_RATIO: String(options.musicRatio),
    SYNTHETIC_DUPLICATE_RATIO: String(options.duplicateRatio),
    SYNTHETIC_INVALID_RATIO: '0',
    SYNTHETIC_START_MS: String(options.startMs),
  });
  await p.until(
    async () => (await p.metric('producer', 'tweet_pipeline_producer_tweets_published_total')) > 0,
    120_000,
    'the producer publishing',
  );
  env.progress.steps.push(`records flowing at ${at(p)}`);
  return (workload.count / workload.rate) * 1000;
}

/** SIGKILL one slot at a random moment of the emission window (15–60 % of it, after records flow). */
function killTrial(slot: 'producer' | 'filter-0' | 'sink'): Trial {
  return async (p, env) => {
    const emitMs = await startSynthetic(p, env, { count: 8_000, rate: 400 });
    const random = seededRandom(env.seed ^ 0x5eed);
    await sleep(Math.round(emitMs * (0.15 + 0.45 * random())));
    if (slot === 'filter-0') {
      // Records must be inside the filter when it dies, not only on the topic.
      await p.until(
        async () => (await p.metric('filter-0', 'tweet_pipeline_filter_messages_total')) > 0,
        60_000,
        'the filter processing',
      );
    }
    const storedBefore = await p.storedCount().catch(() => -1);
    p.slot(slot).kill('SIGKILL');
    env.progress.steps.push(`SIGKILL ${slot} at ${at(p)} (${storedBefore} documents stored by then)`);
  };
}

/** Stops a server of the local stack for 60 s while the producer keeps emitting. */
function outageTrial(component: 'kafka' | 'mongo'): Trial {
  return async (p, env) => {
    const control = env.control;
    if (control === null) {
      throw new Error('TP_LOCAL_STACK is not set: the servers are not script-run, so they cannot be stopped');
    }
    const name = component === 'kafka' ? 'Kafka broker' : 'database (FerretDB)';
    await startSynthetic(p, env, { count: 20_000, rate: 200 });
    await sleep(5_000);
    const stopAt = at(p);
    env.onAbort(() => control.start(component));
    await control.stop(component);
    env.progress.steps.push(`${name} stopped at ${stopAt} (down at ${at(p)})`);
    env.say(`  ${at(p)}: ${component} stopped`);
    await sleep(60_000);
    const startAt = at(p);
    await control.start(component);
    env.onAbort(undefined);
    env.progress.steps.push(`kept stopped 60 s, started at ${startAt} (up at ${at(p)})`);
    env.say(`  ${at(p)}: ${component} started again`);
  };
}

/** SIGSTOP / SIGCONT the FerretDB process: the database hangs (slow), it does not refuse. */
const databaseSlow: Trial = async (p, env) => {
  const control = env.control;
  if (control === null) throw new Error('TP_LOCAL_STACK is not set: cannot find the FerretDB process');
  await startSynthetic(p, env, { count: 18_000, rate: 300 });
  const pid = await control.ferretdbPid();
  const frozen: string[] = [];
  await sleep(3_000);
  const thaw = async (): Promise<void> => {
    process.kill(pid, 'SIGCONT');
  };
  try {
    for (let i = 0; i < 6; i++) {
      const from = p.elapsed;
      env.onAbort(thaw);
      process.kill(pid, 'SIGSTOP');
      try {
        await sleep(5_000);
      } finally {
        process.kill(pid, 'SIGCONT');
        env.onAbort(undefined);
      }
      frozen.push(`${from.toFixed(1)}–${p.elapsed.toFixed(1)} s`);
      await sleep(3_000);
    }
  } finally {
    env.progress.steps.push(`FerretDB (pid ${pid}) frozen with SIGSTOP ${frozen.length} × 5 s: ${frozen.join(', ')}`);
  }
};

/** Filter 1 → 3 → 1, three times, while records flow. */
const rebalanceStorm: Trial = async (p, env) => {
  await startSynthetic(p, env, { count: 20_000, rate: 300 });
  for (let cycle = 1; cycle <= 3; cycle++) {
    await sleep(3_000);
    const up = p.elapsed;
    await p.startFilter(1);
    await p.startFilter(2);
    // Ready = assigned and dedupe state restored: the new instances really took partitions over.
    const ready = await p
      .waitReady(['filter-1', 'filter-2'], 10_000)
      .then(() => `both ready after ${(p.elapsed - up).toFixed(1)} s`)
      .catch(() => 'not both ready within 10 s');
    await sleep(Math.max(0, 10_000 - (p.elapsed - up) * 1000));
    const down = at(p);
    await Promise.all([p.stopSlot('filter-1'), p.stopSlot('filter-2')]);
    env.progress.steps.push(`1→3 at ${up.toFixed(1)} s (${ready}), 3→1 at ${down}`);
    await sleep(5_000);
  }
};

const X_TOKEN = 'drill-emulator-token';
const X_RATE = 200;
const X_MUSIC_RATIO = 0.5;

/** The producer on the X filtered stream (emulator in-process): disconnect, reset and stall while it reads. */
const xStreamFaults: Trial = async (p, env) => {
  const emulator = await startEmulator({
    bearerToken: X_TOKEN,
    ratePerSecond: X_RATE,
    musicRatio: X_MUSIC_RATIO,
    seed: env.seed,
    keepAliveMs: 1_000,
  });
  let ended = false;
  const end = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    await emulator.close();
  };
  let expected: ExpectedIds | undefined;
  env.progress.workload = {
    emulatorRate: X_RATE,
    musicRatio: X_MUSIC_RATIO,
    duplicateRatio: 0.05,
    seed: env.seed,
    stallMs: 3_000,
  };
  env.progress.cleanup = end;
  env.progress.expected = () =>
    ended ? (expected ??= streamExpected(emulator.sent())) : streamExpected(emulator.sent());
  env.progress.producerDone = async () =>
    ended &&
    p.has('producer') &&
    (await p.slot('producer').metrics()) !== '' &&
    (await p.metric('producer', 'tweet_pipeline_producer_spool_bytes')) === 0;
  await startConsumers(p, env);
  await p.startProducer({
    PRODUCER_SOURCES: 'x-filtered-stream',
    X_API_BASE_URL: emulator.url,
    X_BEARER_TOKEN: X_TOKEN,
    X_STREAM_STALL_MS: '3000',
  });
  const sent = (): number => emulator.sent().length;
  const flowing = (what: string) => {
    const target = sent() + 800;
    return p.until(() => sent() >= target, 120_000, `${what} (${target} tweets sent)`);
  };
  await flowing('the stream flowing');
  emulator.faults.add({ type: 'operational-disconnect' });
  env.progress.steps.push(`operational-disconnect at ${at(p)} (${sent()} sent)`);
  await flowing('the stream flowing again after the disconnect');
  emulator.faults.add({ type: 'tcp-reset' });
  env.progress.steps.push(`tcp-reset at ${at(p)} (${sent()} sent)`);
  await flowing('the stream flowing again after the reset');
  emulator.faults.add({ type: 'stall', durationMs: 6_000 });
  env.progress.steps.push(`6 s stall at ${at(p)} (${sent()} sent)`);
  await sleep(6_000);
  await flowing('the stream flowing again after the stall');
  await end();
  const reconnects = await p.metric('producer', 'tweet_pipeline_producer_stream_reconnects_total');
  env.progress.steps.push(
    `stream ended at ${at(p)} after ${emulator.connections} connections (producer: ${reconnects} reconnects)`,
  );
};

export const Trials: Readonly<Record<TrialName, Trial>> = {
  'producer-kill': killTrial('producer'),
  'filter-kill': killTrial('filter-0'),
  'sink-kill': killTrial('sink'),
  'broker-outage': outageTrial('kafka'),
  'database-outage': outageTrial('mongo'),
  'database-slow': databaseSlow,
  'rebalance-storm': rebalanceStorm,
  'x-stream-faults': xStreamFaults,
};
