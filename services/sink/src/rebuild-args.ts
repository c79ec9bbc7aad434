import { SinkError } from './errors.js';

export interface RebuildArgs {
  /** Rebuild from the first record at or after this time; null = from the earliest record retained. */
  readonly since: Date | null;
  /** Drop the collection, once the offsets moved (the sink recreates it and its indexes on start). */
  readonly drop: boolean;
  readonly help: boolean;
}

export const REBUILD_USAGE = `usage: tweet-pipeline-sink-rebuild [--since=<ISO 8601 time>] [--drop]

Rebuilds the tweets collection from the retention of tweets.clean: with the
sink stopped, moves the sink group's committed offsets back to the earliest
retained record (or to the first record at or after --since), then with
--drop drops the collection. The next sink start writes every record again;
documents still present count as already_present. Reads the sink's own
environment (KAFKA_BROKERS, SINK_GROUP_ID, TOPIC_CLEAN, MONGODB_*).
Prints what it did as one JSON object on stdout.
Exit codes: 0 done, 1 failed, 2 bad arguments, 3 the sink group has active members.`;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses the rebuild's arguments. Pure (`now` is injectable).
 *
 * @throws SinkError INVALID_ARGUMENT naming the bad argument.
 */
export function parseRebuildArgs(argv: readonly string[], now: Date = new Date()): RebuildArgs {
  let since: Date | null = null;
  let drop = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--drop') drop = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--since' || arg.startsWith('--since=')) {
      const value = arg === '--since' ? argv[++i] : arg.slice('--since='.length);
      if (value === undefined || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw new SinkError(
          'INVALID_ARGUMENT',
          `--since needs an ISO 8601 time such as 2026-01-31T12:00:00Z, got ${value ?? 'nothing'}`,
        );
      }
      since = new Date(value);
      if (since.getTime() > now.getTime()) {
        throw new SinkError('INVALID_ARGUMENT', `--since=${value} is in the future: nothing would be rebuilt`);
      }
    } else throw new SinkError('INVALID_ARGUMENT', `unknown argument ${arg}`);
  }
  return { since, drop, help };
}
