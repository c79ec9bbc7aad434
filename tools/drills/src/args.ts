import { parseArgs } from 'node:util';
import { TrialNames, type TrialName } from './report.js';

/** The drills that kill a service: repeated `--repeat` times (default 5); the others run once. */
export const KillTrials: readonly TrialName[] = ['producer-kill', 'filter-kill', 'sink-kill'];
export const DEFAULT_REPEAT = 5;

export interface DrillOptions {
  readonly repeat: number;
  readonly only: readonly TrialName[];
  /** Directory docs/reliability.{md,json} are written to. */
  readonly out: string;
  /** Seed of the first trial's workload; each trial adds its index. */
  readonly seed: number;
}

export class UsageError extends Error {}

/**
 * Parses `--repeat=N --only=a,b --out=DIR --seed=N`.
 *
 * @throws UsageError naming the bad option.
 */
export function parseDrillArgs(argv: readonly string[], defaultOut: string): DrillOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        repeat: { type: 'string', default: String(DEFAULT_REPEAT) },
        only: { type: 'string', default: TrialNames.join(',') },
        out: { type: 'string', default: defaultOut },
        seed: { type: 'string', default: '20260700' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new UsageError(`--repeat must be a positive integer, not ${values.repeat}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, not ${values.seed}`);
  const asked = values.only
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = asked.filter((s) => !(TrialNames as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new UsageError(`unknown trial ${unknown.join(', ')}; known: ${TrialNames.join(', ')}`);
  }
  if (asked.length === 0) throw new UsageError('--only names no trial');
  // Always in the suite's order, each once.
  const only = TrialNames.filter((t) => asked.includes(t));
  return { repeat, only, out: values.out, seed };
}

/** The trials to run, in order, each with its repetition number (1-based). */
export function schedule(options: Pick<DrillOptions, 'repeat' | 'only'>): { trial: TrialName; run: number }[] {
  return options.only.flatMap((trial) =>
    Array.from({ length: KillTrials.includes(trial) ? options.repeat : 1 }, (_, i) => ({ trial, run: i + 1 })),
  );
}

/** How to run the same selection again, for the report's first line. */
export function commandLine(options: Pick<DrillOptions, 'repeat' | 'only'>): string {
  const args: string[] = [];
  if (options.repeat !== DEFAULT_REPEAT) args.push(`--repeat=${options.repeat}`);
  if (options.only.length !== TrialNames.length) args.push(`--only=${options.only.join(',')}`);
  return `npm run test:chaos${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
}
