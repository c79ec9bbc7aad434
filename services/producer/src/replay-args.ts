import { existingFile, parseCommand, type CommandSpec } from '@tweet-pipeline/cli';

/** The command line of `npm run replay`, its help included. */
export const replayCommand = {
  name: 'npm run replay --',
  summary:
    'Publishes the tweets of recorded JSONL files (raw stream lines, twarc2 output, search pages) into the ' +
    "running pipeline's tweets.raw; unreadable lines and records too large for Kafka go to tweets.dlq. " +
    'Prints one JSON line of counts on stdout, progress on stderr.',
  options: {},
  operands: { name: 'file', description: 'JSONL files, published in the order given', required: true },
  epilog: [
    "Reads the producer's environment: KAFKA_BROKERS (127.0.0.1:9092), TOPIC_RAW,",
    'TOPIC_DLQ, … (services/producer/README.md). Does not start the local stack.',
    'Exit codes: 0 done, 1 failed, 2 bad arguments (an unknown option, no file,',
    'a file that does not exist).',
  ].join('\n'),
} satisfies CommandSpec<Record<string, never>>;

/**
 * Parses `npm run replay`'s arguments: the files, made absolute against the directory npm was run
 * from, each checked to exist before anything connects.
 *
 * @throws UsageError naming the bad argument; HelpRequested for --help.
 */
export function parseReplayArgs(argv: readonly string[]): { readonly files: readonly string[] } {
  const toFile = existingFile();
  return { files: parseCommand(replayCommand, argv).operands.map(toFile) };
}
