import type { Machine } from '@tweet-pipeline/testkit';

/** The drills the suite knows, in the order they run. */
export const TrialNames = [
  'producer-kill',
  'filter-kill',
  'sink-kill',
  'broker-outage',
  'database-outage',
  'database-slow',
  'rebalance-storm',
  'x-stream-faults',
] as const;
export type TrialName = (typeof TrialNames)[number];

/** One restart the supervisor made: which process, when, and why it had exited. */
export interface RestartEvent {
  readonly service: string;
  /** Seconds since the trial started. */
  readonly atSeconds: number;
  /** `killed by the drill` for an injected SIGKILL; otherwise how the process ended on its own. */
  readonly cause: string;
}

/** One trial, counted end to end. */
export interface TrialRow {
  readonly trial: TrialName;
  /** 1-based repetition of this trial. */
  readonly run: number;
  /** Records the source offered (synthetic records, or tweet lines the X stream sent). */
  readonly sent: number;
  /** Distinct music tweet ids among them. */
  readonly expected: number;
  /** Documents in MongoDB after the drain. */
  readonly stored: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly restarts: readonly RestartEvent[];
  readonly seconds: number;
  /** False when the pipeline did not drain within the timeout (counted anyway). */
  readonly drained: boolean;
  /** The fault as it was injected, with its timing. */
  readonly fault: string;
  /** Diagnostics gathered after the count (where lost ids were last seen, repeats on tweets.clean, …). */
  readonly notes: readonly string[];
  readonly lostSample: readonly string[];
  readonly duplicatedSample: readonly string[];
  /** The trial's service logs (one file per process slot). */
  readonly logDir: string;
  /** Seed, start time, count and rate of the workload, so the trial can be reproduced. */
  readonly workload: Readonly<Record<string, number | string>>;
  /** Set when the trial itself could not be carried out (set-up failed, a fault could not be injected). */
  readonly error?: string;
}

export interface DrillReport {
  readonly machine: Machine;
  readonly startedAt: string;
  readonly seconds: number;
  /** The command that produced it, e.g. `npm run test:chaos -- --repeat=2`. */
  readonly command: string;
  readonly options: { readonly repeat: number; readonly only: readonly TrialName[] };
  /** The code under test: commit, and how many files under services/ and libs/ differed from it. */
  readonly code: { readonly commit: string; readonly modifiedFiles: number };
  /** Warnings about the environment that can affect the results (e.g. ports in the ephemeral range). */
  readonly environment: readonly string[];
  readonly rows: readonly TrialRow[];
}

/** A row meets the goal when it drained, ran as planned, and lost and doubled nothing. */
export function passed(row: TrialRow): boolean {
  return row.error === undefined && row.drained && row.lost === 0 && row.duplicated === 0;
}

/** The result cell: `pass`, or `FAIL` with every reason. */
export function result(row: TrialRow): string {
  if (passed(row)) return 'pass';
  const reasons: string[] = [];
  if (row.error !== undefined) reasons.push('drill error');
  if (row.lost > 0) reasons.push('lost');
  if (row.duplicated > 0) reasons.push('duplicated');
  if (!row.drained) reasons.push('not drained');
  return `FAIL (${reasons.join(', ')})`;
}

const n = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `0`, or the total with who restarted: `2 (filter 2)`, `3 (producer 1, filter 2)`. */
export function restartsCell(restarts: readonly RestartEvent[]): string {
  if (restarts.length === 0) return '0';
  const by = new Map<string, number>();
  for (const r of restarts) by.set(r.service, (by.get(r.service) ?? 0) + 1);
  return `${restarts.length} (${[...by].map(([service, count]) => `${service} ${count}`).join(', ')})`;
}

export function trialLabel(row: TrialRow): string {
  return `${row.trial} #${row.run}`;
}

export function tableHeader(): string[] {
  return [
    '| trial | tweets sent | expected stored | stored | lost | duplicated | restarts | duration | result |',
    '|---|--:|--:|--:|--:|--:|---|--:|---|',
  ];
}

export function tableRow(row: TrialRow): string {
  return (
    `| ${trialLabel(row)} | ${n(row.sent)} | ${n(row.expected)} | ${n(row.stored)} | ${n(row.lost)} | ` +
    `${n(row.duplicated)} | ${restartsCell(row.restarts)} | ${n(row.seconds)} s | ${result(row)} |`
  );
}

const duration = (seconds: number): string => {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

/** What each drill does, as the report explains it (the code in trials.ts does exactly this). */
export const TrialDescriptions: Readonly<Record<TrialName, string>> = {
  'producer-kill':
    'SIGKILL the producer at a random moment while its synthetic source emits; the supervisor restarts it on the same spool file. The restarted synthetic source emits its sequence again from the start (same seed and start time), so the filter must drop what was already through. The source has no checkpoint, so a record the kill lost from the spool would be emitted again and not show as lost: the row shows that a producer crash neither loses nor doubles a stored tweet, not the spool’s durability on its own (the producer’s tests cover that).',
  'filter-kill':
    'SIGKILL the filter (one instance, all 12 partitions) at a random moment while records flow; it restarts with the same FILTER_INSTANCE_ID, fencing its unfinished transaction.',
  'sink-kill':
    'SIGKILL the sink at a random moment while records flow; it restarts in the same consumer group and resumes from its committed offsets.',
  'broker-outage':
    "Stop the Kafka broker with the local-stack script while tweets flow, keep it stopped 60 s, start it again. The producer's source keeps emitting into its spool meanwhile.",
  'database-outage':
    'Stop the database (FerretDB) with the local-stack script while tweets flow, keep it stopped 60 s, start it again.',
  'database-slow':
    'Freeze the database process (SIGSTOP on the FerretDB pid reported by `local-stack.sh status mongo`) for 5 s, thaw it (SIGCONT) for 3 s, six times while tweets flow: every request in flight hangs, none fails outright.',
  'rebalance-storm':
    'Scale the filter 1 → 3 → 1 three times while tweets flow (StatefulSet-style instance ids filter-0, filter-1, filter-2, one consumer group); scale-down is a graceful stop (SIGTERM), as Kubernetes does it.',
  'x-stream-faults':
    'The producer reads the X filtered stream (x-api-emulator in-process, ~200 tweets/s, half about music; X_STREAM_STALL_MS=3000); the emulator sends an operational-disconnect payload, resets the TCP connection, and stalls 6 s, one after the other. Expected: the music ids among the lines the emulator wrote whole to the socket (X does not resend what it sent while we were away).',
};

/** docs/reliability.md. */
export function markdown(report: DrillReport): string {
  const { machine, rows } = report;
  const good = rows.filter(passed).length;
  const out = [
    '# Reliability drills',
    '',
    `Generated by \`${report.command}\` on ${report.startedAt} in ${duration(report.seconds)}. ` +
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${n(machine.memoryGiB)} GiB, Node ${machine.node}; ${machine.servers}, all on this one machine. ` +
      `Code: commit ${report.code.commit.slice(0, 12)}${report.code.modifiedFiles > 0 ? ` with ${report.code.modifiedFiles} files under services/ and libs/ modified (work in progress at run time)` : ''}. ` +
      'Raw data: [reliability.json](reliability.json).',
    '',
    ...report.environment.flatMap((warning) => [`> **Environment:** ${warning}.`, '']),
    `Goal: every row 0 lost and 0 duplicated. **${good} of ${rows.length} rows met it.**`,
    '',
    ...tableHeader(),
    ...rows.map(tableRow),
    '',
    '## How a row is counted',
    '',
    '- Each trial runs on fresh topics (12 partitions), fresh consumer groups and a fresh database; the producer, filter and sink run as separate processes, exactly as deployed.',
    '- **tweets sent**: the records the source offered — for the synthetic trials the workload (fixed seed and start time, 5 % repeated ids, 30 % music, no malformed records), for the X trial the tweet lines the emulator wrote whole to the socket.',
    '- **expected stored**: the distinct ids of the music tweets among them, computed by the drill itself (the generator’s own music flag; for X lines an independent `music`/`#music` word match), not by the filter.',
    '- **stored**: the `_id`s read back from MongoDB after the drain. **lost** = expected ids without a document; **duplicated** = documents that are not one-per-expected-id (`_id` is unique, so a tweet stored twice would show up as an id nobody expected).',
    '- **restarts**: the drill acts as the orchestrator: it restarts any service process that exits (the services’ policy for unknown errors is “exit non-zero, let the orchestrator restart”), after 1 s, doubling to at most 16 s while a process keeps dying within 30 s of its start. Injected kills are counted too.',
    '- **drained**: the producer has received its whole workload (X: the stream has ended) and its spool is empty, the filter group has committed every `tweets.raw` offset, the sink answers `/readyz`, and — all of that holding throughout — neither the stored count nor the sink group’s committed position has moved for 5 s once the count reached the expected one (30 s otherwise, longer than the sink’s longest retry back-off); at most 10 minutes. Service counters restart at 0 with their process, so progress is judged from Kafka offsets and MongoDB, not from summed metrics.',
    '- **duration**: from the first process start to the count.',
    '',
    '## The drills',
    '',
    ...TrialNames.filter((t) => rows.some((r) => r.trial === t)).map((t) => `- **${t}** — ${TrialDescriptions[t]}`),
    '',
    '## Per row',
    '',
  ];
  for (const row of rows) {
    out.push(`### ${trialLabel(row)}: ${result(row)}`, '', `- fault: ${row.fault}`);
    const workload = Object.entries(row.workload)
      .map(([key, value]) => `${key} ${typeof value === 'number' ? String(value) : value}`)
      .join(', ');
    out.push(`- workload: ${workload}`);
    if (row.restarts.length > 0) {
      out.push(
        `- restarts: ${row.restarts.map((r) => `${r.service} at ${n(r.atSeconds, 1)} s (${r.cause})`).join('; ')}`,
      );
    }
    if (row.error !== undefined) out.push(`- drill error: ${row.error}`);
    if (!row.drained) out.push('- the pipeline did not drain within the timeout; the counts are those at the timeout');
    if (row.lostSample.length > 0)
      out.push(`- lost ids (first ${row.lostSample.length}): ${row.lostSample.join(', ')}`);
    if (row.duplicatedSample.length > 0) {
      out.push(
        `- unexpected or repeated ids (first ${row.duplicatedSample.length}): ${row.duplicatedSample.join(', ')}`,
      );
    }
    for (const note of row.notes) out.push(`- ${note}`);
    if (!passed(row)) out.push(`- service logs: \`${row.logDir}\``);
    out.push('');
  }
  return out.join('\n');
}

/** docs/reliability.json. */
export function json(report: DrillReport): string {
  return (
    JSON.stringify(
      { ...report, rows: report.rows.map((row) => ({ ...row, result: result(row), passed: passed(row) })) },
      null,
      2,
    ) + '\n'
  );
}
