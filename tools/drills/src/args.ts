import {
  filePath,
  integer,
  nameList,
  option,
  parseCommand,
  type CommandSpec,
  type OptionSpecs,
} from '@tweet-pipeline/cli';
import { TrialNames, type TrialName } from './report.js';

export { UsageError } from '@tweet-pipeline/cli';

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

/** The command line of `npm run test:chaos`, its help included; `defaultOut` is the repository's docs/. */
export function drillCommand(defaultOut: string) {
  return {
    name: 'npm run test:chaos --',
    summary:
      'Scripted faults against the three services running as separate, supervised processes, each trial ' +
      'verified by counting tweet ids end to end. Starts the local stack unless it is running (and stops it ' +
      'at exit then), prints each row as it completes, and writes reliability.md and .json.',
    options: {
      repeat: option({
        placeholder: 'N',
        description: `runs of each kill drill (${KillTrials.join(', ')}); the others run once`,
        default: String(DEFAULT_REPEAT),
        parse: integer({ min: 1 }),
      }),
      only: option({
        placeholder: 'TRIALS',
        description: "the drills to run, comma-separated; always in the suite's order",
        default: TrialNames.join(','),
        parse: nameList(TrialNames, 'trial'),
      }),
      out: option({
        placeholder: 'DIR',
        description: 'directory the report is written to (created if missing)',
        default: defaultOut,
        parse: filePath(),
      }),
      seed: option({
        placeholder: 'N',
        description: "seed of the first trial's workload; each trial adds its index",
        default: '20260700',
        parse: integer(),
      }),
    },
    epilog: [
      'Exit codes: 0 every row met 0 lost / 0 duplicated, 1 a row did not (the report',
      'is written all the same), 2 bad arguments, 130 interrupted.',
    ].join('\n'),
  } satisfies CommandSpec<OptionSpecs>;
}

/**
 * Parses `--repeat=N --only=a,b --out=DIR --seed=N`.
 *
 * @throws UsageError naming the bad option; HelpRequested for --help.
 */
export function parseDrillArgs(argv: readonly string[], defaultOut: string): DrillOptions {
  const { options } = parseCommand(drillCommand(defaultOut), argv);
  return options;
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
