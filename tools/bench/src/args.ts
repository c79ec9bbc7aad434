import {
  decimal,
  existingDirectory,
  nameList,
  option,
  parseCommand,
  UsageError,
  type CommandSpec,
  type OptionSpecs,
} from '@tweet-pipeline/cli';
import type { MicroBenchmark } from './micro-benchmarks.js';

/** The scenarios of the suite, in the order they run and appear in the report. */
export const Scenarios = ['throughput', 'latency', 'burst', 'baseline', 'ceilings'] as const;
export type Scenario = (typeof Scenarios)[number];

/** What one `npm run bench` runs: the suite's scenarios, or else the micro-benchmarks named. */
export interface BenchOptions {
  readonly only: readonly Scenario[];
  /** Directory benchmarks.{md,json,svg} are written to. */
  readonly out: string;
  /** Factor on every workload's size (at least 1,000 tweets each). */
  readonly scale: number;
  /** Micro-benchmarks to run instead of the suite; empty for the suite. */
  readonly micro: readonly MicroBenchmark[];
}

/** The command line of `npm run bench`, its help included; `defaultOut` is the repository's docs/. */
export function benchCommand(defaultOut: string, micro: readonly MicroBenchmark[]) {
  return {
    name: 'npm run bench --',
    summary:
      'Measures the pipeline on this machine, every component local, and writes benchmarks.md, .json and .svg ' +
      '(figures, not verdicts); with benchmark names, runs those micro-benchmarks instead. Starts the local ' +
      'stack unless it is running (and stops it at exit then).',
    options: {
      only: option({
        placeholder: 'SCENARIOS',
        description: 'the scenarios to run, comma-separated',
        default: Scenarios.join(','),
        parse: nameList(Scenarios, 'scenario'),
      }),
      out: option({
        placeholder: 'DIR',
        description: 'existing directory the report is written to',
        default: defaultOut,
        parse: existingDirectory(),
      }),
      scale: option({
        placeholder: 'FACTOR',
        description: "factor on every scenario's tweet count, e.g. 0.1 for a quick run",
        default: '1',
        parse: decimal({ above: 0 }),
      }),
    },
    operands: {
      name: 'benchmark',
      description: `micro-benchmarks to run instead of the suite: ${micro.map((b) => b.name).join(', ')}`,
      required: false,
    },
    epilog: [
      'Progress goes to stderr: one updating line on a terminal, a line every 10 s',
      'otherwise. Exit codes: 0 done, 1 failed, 2 bad arguments.',
    ].join('\n'),
  } satisfies CommandSpec<OptionSpecs>;
}

/**
 * Parses `npm run bench`'s arguments: suite options, or micro-benchmark names (not both).
 *
 * @throws UsageError naming the bad argument; HelpRequested for --help.
 */
export function parseBenchArgs(
  argv: readonly string[],
  defaultOut: string,
  micro: readonly MicroBenchmark[],
): BenchOptions {
  const { options, operands, given } = parseCommand(benchCommand(defaultOut, micro), argv);
  const unknown = operands.filter((name) => !micro.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown benchmark ${unknown.join(', ')} (known: ${micro.map((b) => b.name).join(', ')})`);
  }
  if (operands.length > 0 && given.size > 0) {
    throw new UsageError(`micro-benchmarks take no suite options (--${[...given].join(', --')})`);
  }
  return { ...options, micro: operands.map((name) => micro.find((b) => b.name === name)!) };
}
