import {
  flag,
  HelpRequested,
  option,
  parseCommand,
  UsageError,
  type CommandSpec,
  type OptionSpecs,
} from '@tweet-pipeline/cli';
import { SinkError } from './errors.js';

export interface RebuildArgs {
  /** Rebuild from the first record at or after this time; null = from the earliest record retained. */
  readonly since: Date | null;
  /** Drop the collection, once the offsets moved (the sink recreates it and its indexes on start). */
  readonly drop: boolean;
  readonly help: boolean;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The rebuild's command line, its help included; `now` is the time `--since` may not pass. */
export function rebuildCommand(now: Date = new Date()) {
  return {
    name: 'tweet-pipeline-sink-rebuild',
    summary:
      'Rebuilds the tweets collection from the retention of tweets.clean (npm run sink:rebuild -- … locally): ' +
      "with the sink stopped, moves the sink group's committed offsets back to the earliest retained record " +
      '(or to the first record at or after --since), then with --drop drops the collection. The next sink ' +
      'start writes every record again; documents still present count as already_present.',
    options: {
      since: option({
        placeholder: 'ISO-TIME',
        description: 'rebuild from the first record at or after this time, e.g. 2026-01-31T12:00:00Z',
        defaultText: 'the earliest retained record',
        parse: (text) => pastIsoTime(text, now),
      }),
      drop: flag('drop the collection once the offsets moved (the sink recreates it and its indexes on start)'),
    },
    epilog: [
      "Reads the sink's own environment (KAFKA_BROKERS, SINK_GROUP_ID, TOPIC_CLEAN,",
      'MONGODB_*). Prints what it did as one JSON object on stdout, progress on stderr.',
      'Exit codes: 0 done, 1 failed, 2 bad arguments, 3 the sink group has members.',
    ].join('\n'),
  } satisfies CommandSpec<OptionSpecs>;
}

function pastIsoTime(text: string, now: Date): Date {
  if (!ISO_TIME.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError('needs an ISO 8601 time such as 2026-01-31T12:00:00Z');
  }
  const since = new Date(text);
  if (since.getTime() > now.getTime()) throw new UsageError('is in the future: nothing would be rebuilt');
  return since;
}

/**
 * Parses the rebuild's arguments. Pure (`now` is injectable).
 *
 * @throws SinkError INVALID_ARGUMENT naming the bad argument.
 */
export function parseRebuildArgs(argv: readonly string[], now: Date = new Date()): RebuildArgs {
  try {
    const { options } = parseCommand(rebuildCommand(now), argv);
    return { since: options.since ?? null, drop: options.drop, help: false };
  } catch (err) {
    if (err instanceof HelpRequested) return { since: null, drop: false, help: true };
    if (err instanceof UsageError) throw new SinkError('INVALID_ARGUMENT', err.message, { cause: err });
    throw err;
  }
}
