import { HelpRequested, UsageError } from './usage-error.js';

/** The exit codes every command shares; a command may add its own above 2. */
export const ExitCodes = { done: 0, failed: 1, usage: 2 } as const;

/** Where `parseOrExit` prints and how it exits: the process's own unless a test says otherwise. */
export interface ParseIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly exit: (code: number) => never;
}

const processIo: ParseIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
};

/**
 * The one line a usage error prints, naming the command, the problem and where the options are
 * listed: `npm run bench: unknown option '--onyl' (npm run bench -- --help lists the options)`.
 */
export function usageLine(command: { readonly name: string }, message: string): string {
  const label = command.name.replace(/\s+--$/, '');
  return `${label}: ${message.replace(/\s*\n\s*/g, ' ').trim()} (${command.name} --help lists the options)`;
}

/**
 * Runs a command's parse function the way every command does: on `--help` prints the help on
 * stdout and exits 0; on a UsageError prints one line on stderr and exits 2 — in both cases
 * before the command has started or written anything. Call it first thing in a main module.
 *
 * @throws whatever `parse` throws other than HelpRequested and UsageError.
 */
export function parseOrExit<T>(command: { readonly name: string }, parse: () => T, io: ParseIo = processIo): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.stdout.write(err.text.endsWith('\n') ? err.text : `${err.text}\n`);
      return io.exit(ExitCodes.done);
    }
    if (err instanceof UsageError) {
      io.stderr.write(`${usageLine(command, err.message)}\n`);
      return io.exit(ExitCodes.usage);
    }
    throw err;
  }
}
