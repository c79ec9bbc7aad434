import { Command, CommanderError, Option } from 'commander';
import { flagName, type CommandSpec, type OptionSpecs, type OptionValues } from './command-spec.js';
import { HelpRequested, UsageError } from './usage-error.js';

/** A command line that can run: every option parsed (absent ones at their defaults), and the operands. */
export interface ParsedCommand<O extends OptionSpecs> {
  readonly options: OptionValues<O>;
  readonly operands: readonly string[];
  /** The options given on the command line; the others hold their defaults. */
  readonly given: ReadonlySet<keyof O & string>;
}

/**
 * Parses a command line against its spec, with commander doing the reading (`--a=1`, `--a 1`,
 * `--`, suggestions for misspelt options) and each option's own `parse` the checking. Pure: prints
 * nothing and never exits; see `parseOrExit` for that.
 *
 * @throws HelpRequested when `--help`/`-h` is given (whatever else is).
 * @throws UsageError for an unknown option, a missing or bad value, a missing or extra operand.
 */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommand<O> {
  const output = { help: '' };
  const cmd = program(spec, output);
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') throw new HelpRequested(output.help);
    if (err instanceof CommanderError) {
      // One line: commander puts its suggestion ("(Did you mean --only?)") on a line of its own.
      throw new UsageError(err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), { cause: err });
    }
    throw err;
  }
  const raw = cmd.opts<Record<string, string | boolean | undefined>>();
  const values: Record<string, unknown> = {};
  const given = new Set<keyof O & string>();
  for (const [key, o] of Object.entries(spec.options)) {
    if (raw[key] !== undefined) given.add(key);
    if (o.kind === 'flag') {
      values[key] = raw[key] === true;
      continue;
    }
    const text = (raw[key] as string | undefined) ?? o.default;
    if (text === undefined) continue;
    try {
      values[key] = o.parse(text);
    } catch (err) {
      throw new UsageError(`${flagName(key)}=${text}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { options: values as OptionValues<O>, operands: cmd.args, given };
}

/** The help of a command, as `--help` prints it: usage line, summary, operands, every option with its default, epilog. */
export function helpText(spec: CommandSpec<OptionSpecs>): string {
  const output = { help: '' };
  // outputHelp, not helpInformation: only the former adds the epilog (addHelpText).
  program(spec, output).outputHelp();
  return output.help;
}

function program(spec: CommandSpec<OptionSpecs>, output: { help: string }): Command {
  const cmd = new Command(spec.name)
    .description(spec.summary)
    .helpOption('-h, --help', 'print this help and exit')
    .exitOverride()
    // Nothing is printed here: help becomes HelpRequested, errors UsageError, for the caller to print.
    .configureOutput({
      writeOut: (text) => {
        output.help += text;
      },
      writeErr: () => undefined,
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .allowUnknownOption(false)
    .allowExcessArguments(false);
  for (const [key, o] of Object.entries(spec.options)) {
    const shown = o.kind === 'flag' ? 'off' : (o.default ?? o.defaultText ?? 'none');
    const flags = o.kind === 'flag' ? flagName(key) : `${flagName(key)} <${o.placeholder}>`;
    // Defaults are applied after parsing, by us, so that a default value goes through `parse` too.
    cmd.addOption(new Option(flags, `${o.description} (default: ${shown})`));
  }
  if (spec.operands !== undefined) {
    const { name, description, required } = spec.operands;
    cmd.argument(required ? `<${name}...>` : `[${name}...]`, description);
  }
  if (spec.epilog !== undefined) cmd.addHelpText('after', `\n${spec.epilog}`);
  return cmd;
}
