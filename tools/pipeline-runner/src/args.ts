import {
  decimal,
  integer,
  nameList,
  option,
  parseCommand,
  type CommandSpec,
  type OptionSpecs,
} from '@tweet-pipeline/cli';
import { TweetSources, type TweetSource } from '@tweet-pipeline/contracts';

/** What `npm start` runs. */
export interface RunnerOptions {
  /** Seconds to run; 0 = until Ctrl-C. */
  readonly durationS: number;
  /** Synthetic tweets per second. */
  readonly rate: number;
  readonly sources: readonly TweetSource[];
}

/** The command line of `npm start`, its help included. */
export const runnerCommand = {
  name: 'npm start --',
  summary:
    'Runs producer → filter → sink on the local stack (started unless it is running, and then stopped at exit), ' +
    'prints live per-stage counts every 2 s, and on exit a summary whose last line is one JSON object.',
  options: {
    duration: option({
      placeholder: 'SECONDS',
      description: 'stop by itself after this long; 0 runs until Ctrl-C',
      default: '0',
      parse: decimal({ min: 0 }),
    }),
    rate: option({
      placeholder: 'N',
      description: 'tweets per second of the synthetic source',
      default: '500',
      parse: integer({ min: 1 }),
    }),
    sources: option({
      placeholder: 'LIST',
      description: `the producer's sources, comma-separated, from ${TweetSources.join(', ')}`,
      default: 'x-filtered-stream,synthetic',
      parse: nameList(TweetSources, 'source'),
    }),
  },
  epilog: [
    'The X sources read the local X API emulator unless X_BEARER_TOKEN is set.',
    'With TP_USE_DOCKER=1 and a Docker engine, Kafka and MongoDB come from docker',
    'compose instead of tools/local-stack. Service logs: .local-stack/logs/.',
    'Exit codes: 0 stopped, 1 a service died or the run failed, 2 bad arguments.',
  ].join('\n'),
} satisfies CommandSpec<OptionSpecs>;

/**
 * Parses `npm start`'s arguments.
 *
 * @throws UsageError naming the bad argument; HelpRequested for --help.
 */
export function parseRunnerArgs(argv: readonly string[]): RunnerOptions {
  const { options } = parseCommand(runnerCommand, argv);
  return { durationS: options.duration, rate: options.rate, sources: options.sources };
}
