#!/usr/bin/env node
// `npm run test:chaos`: scripted faults against the three services running as
// separate, supervised processes; every trial verified by counting tweet ids
// end to end. Writes docs/reliability.md and .json; exits 1 when any row lost
// or doubled a tweet (or did not drain), after writing them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, kafkaSecurityFromEnv } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { parseOrExit } from '@tweet-pipeline/cli';
import {
  describeMachine,
  ensureLocalStack,
  formatCommittedReport,
  repoRoot,
  testStack,
  uniqueName,
} from '@tweet-pipeline/testkit';
import { commandLine, drillCommand, parseDrillArgs, schedule } from './args.js';
import { countIds } from './count.js';
import { TrialPipeline, type DrillContext } from './pipeline.js';
import {
  json,
  markdown,
  passed,
  tableHeader,
  tableRow,
  trialLabel,
  type DrillReport,
  type TrialRow,
} from './report.js';
import { ephemeralPortWarnings, localPortRange } from './ports.js';
import { stackControl } from './stack-control.js';
import { Trials, type TrialProgress } from './trials.js';
import type { TrialName } from './report.js';

const say = (line: string): void => {
  process.stderr.write(`[drills] ${line}\n`);
};

// The command line first: --help and a bad argument must not start the stack.
const defaultOut = join(repoRoot, 'docs');
const options = parseOrExit(drillCommand(defaultOut), () => parseDrillArgs(process.argv.slice(2), defaultOut));
// Started unless running; then stopped when this process exits. Exports TP_LOCAL_STACK for the outage drills.
ensureLocalStack();
const stack = await testStack();
const logRoot = join(tmpdir(), uniqueName('drills'));
mkdirSync(logRoot, { recursive: true });
// The harness's own Kafka client: while the drill stops the broker it would complain a lot.
const harnessLog = createLogger({ service: 'drills', level: 'fatal', destination: process.stderr });
const kafka = createKafka({
  brokers: stack.brokers,
  clientId: uniqueName('drills'),
  log: harnessLog,
  security: kafkaSecurityFromEnv(process.env),
});
const ctx: DrillContext = { stack, kafka, log: harnessLog, logRoot, say };
const control = stackControl();
if (control === null) say('TP_LOCAL_STACK is not set: the outage and slow-database drills will report a drill error');

const environment = ephemeralPortWarnings(
  [
    ...stack.brokers.map((endpoint) => ({ name: 'the Kafka broker', endpoint })),
    { name: 'the database', endpoint: stack.mongoUri },
  ],
  localPortRange(),
);
for (const warning of environment) say(`warning: ${warning}`);
const code = codeUnderTest();

const started = Date.now();
const rows: TrialRow[] = [];
const report = (): DrillReport => ({
  machine: describeMachine(),
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  command: commandLine(options),
  options: { repeat: options.repeat, only: options.only },
  code,
  environment,
  rows,
});
const reportFiles = [join(options.out, 'reliability.json'), join(options.out, 'reliability.md')] as const;
const write = (): void => {
  mkdirSync(options.out, { recursive: true });
  writeFileSync(reportFiles[0], json(report()));
  writeFileSync(reportFiles[1], markdown(report()));
};
// The report is committed: formatted as the lint step expects, once, before leaving.
const finish = (code: number): never => {
  formatCommittedReport(reportFiles);
  return process.exit(code);
};

// Undo for an injected fault outside the pipeline (a frozen or stopped server), run on Ctrl-C too.
let pendingUndo: (() => Promise<void>) | undefined;
let current: TrialPipeline | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: undoing the current fault, stopping the services, writing what was counted`);
    void (async () => {
      await pendingUndo?.().catch(() => undefined);
      await current?.close().catch(() => undefined);
      write();
      finish(130);
    })();
  });
}

// Whatever ends this process, no service process of a trial may outlive it.
process.on('exit', () => current?.killAllNow());

say(`${schedule(options).length} trials; service logs under ${logRoot}`);
process.stdout.write(`${tableHeader().join('\n')}\n`);
const plan = schedule(options);
for (const [index, { trial, run }] of plan.entries()) {
  say(`${trial} #${run} (${index + 1}/${plan.length})`);
  const row = await runTrial(trial, run, options.seed + index);
  rows.push(row);
  process.stdout.write(`${tableRow(row)}\n`);
  write();
}
const failed = rows.filter((row) => !passed(row));
say(
  `wrote ${join(options.out, 'reliability.md')} and reliability.json: ${rows.length - failed.length} of ${rows.length} rows ` +
    `met 0 lost / 0 duplicated in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
finish(failed.length === 0 ? 0 : 1);

async function runTrial(trial: TrialName, run: number, seed: number): Promise<TrialRow> {
  const p = new TrialPipeline(ctx, `${trial}-${run}`);
  current = p;
  const progress: TrialProgress = { workload: {}, steps: [], notes: [] };
  let drained = false;
  let error: string | undefined;
  try {
    await Trials[trial](p, {
      seed,
      control,
      say,
      progress,
      onAbort: (undo) => {
        pendingUndo = undo;
      },
    });
    say(`  ${p.elapsed.toFixed(1)} s: ${progress.steps.join('; ')}; waiting for the drain`);
  } catch (err) {
    error = (err as Error).message;
    say(`  drill error: ${error}`);
    await pendingUndo?.().catch((undoErr: unknown) => say(`  undo failed: ${(undoErr as Error).message}`));
  }
  pendingUndo = undefined;
  // Ends what the trial set up outside the pipeline (the X stream) if it failed before doing so.
  if (error !== undefined) await progress.cleanup?.().catch(() => undefined);
  // A trial that failed half-way is still drained and counted (for less long): its tweets were sent.
  if (progress.expected !== undefined && progress.producerDone !== undefined && progress.expected().sent > 0) {
    drained = await p.waitDrained({
      producerDone: progress.producerDone,
      expected: progress.expected().ids.size,
      timeoutMs: error === undefined ? 600_000 : 180_000,
    });
  }
  await progress.cleanup?.().catch(() => undefined);
  const seconds = p.elapsed;
  const expected = progress.expected?.() ?? { sent: 0, ids: new Set<string>() };
  let stored: string[] = [];
  try {
    stored = await p.storedIds();
  } catch (err) {
    error ??= `reading MongoDB: ${(err as Error).message}`;
  }
  const count = countIds(expected.ids, stored);
  const notes = [...progress.notes, ...(await p.diagnose(count.lostIds))];
  const restarts = [...p.restarts];
  await p.close().catch((err: unknown) => say(`  clean-up: ${(err as Error).message}`));
  current = undefined;
  const row: TrialRow = {
    trial,
    run,
    sent: expected.sent,
    expected: count.expected,
    stored: count.stored,
    lost: count.lost,
    duplicated: count.duplicated,
    restarts,
    seconds,
    drained,
    fault: progress.steps.length > 0 ? progress.steps.join('; ') : 'not injected',
    notes,
    lostSample: count.lostSample,
    duplicatedSample: count.duplicatedSample,
    logDir: p.logDir,
    workload: progress.workload,
    ...(error === undefined ? {} : { error }),
  };
  say(`  ${trialLabel(row)} done in ${seconds.toFixed(0)} s`);
  return row;
}

/** The commit the services were built from, and how many of their files differ from it right now. */
function codeUnderTest(): DrillReport['code'] {
  const root = repoRoot;
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'services', 'libs'], {
      cwd: root,
      encoding: 'utf8',
    });
    return { commit, modifiedFiles: status.split('\n').filter((line) => line.trim() !== '').length };
  } catch {
    return { commit: 'unknown', modifiedFiles: 0 };
  }
}
