/** An option that takes a value: `--name=VALUE` or `--name VALUE`. */
export interface ValueOption<T> {
  readonly kind: 'value';
  /** What the value is, as the help shows it: `N`, `DIR`, `ISO-TIME`. */
  readonly placeholder: string;
  readonly description: string;
  /** The value when the option is absent, as a person would type it; parsed like a given one. */
  readonly default?: string;
  /** What the help says instead when there is no default value, e.g. `the earliest retained record`. */
  readonly defaultText?: string;
  /** Turns the text into the value; throws (preferably a UsageError) with what is wrong with it. */
  readonly parse: (text: string) => T;
}

/** An option without a value: on when given, off by default. */
export interface FlagOption {
  readonly kind: 'flag';
  readonly description: string;
}

/** A command's options by name; the key `batchSize` is spelled `--batch-size` on the command line. */
export type OptionSpecs = Readonly<Record<string, ValueOption<unknown> | FlagOption>>;

/** What a command's options parse to: each value option's parsed type, each flag a boolean. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K] extends ValueOption<infer T> ? T : boolean;
};

/** Operands after the options (files, benchmark names); always a list, checked by the command itself. */
export interface OperandsSpec {
  /** Singular name as the help shows it: `file` reads `<file...>` (required) or `[file...]`. */
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** Everything the parser and the help know about one command. */
export interface CommandSpec<O extends OptionSpecs> {
  /** How a person runs it, as the usage line starts: `npm run bench --`, `tweet-pipeline-sink-rebuild`. */
  readonly name: string;
  /** What it does, first thing after the usage line. */
  readonly summary: string;
  readonly options: O;
  readonly operands?: OperandsSpec;
  /** Printed after the options: environment, output, exit codes, examples. */
  readonly epilog?: string;
}

/**
 * An option with a value. With `default` the parsed type is `T`; with only `defaultText` it is
 * `T | undefined` (absent means undefined), and the help shows that text as the default.
 */
export function option<T>(spec: {
  placeholder: string;
  description: string;
  default: string;
  parse: (text: string) => T;
}): ValueOption<T>;
export function option<T>(spec: {
  placeholder: string;
  description: string;
  defaultText: string;
  parse: (text: string) => T;
}): ValueOption<T | undefined>;
export function option<T>(spec: {
  placeholder: string;
  description: string;
  default?: string;
  defaultText?: string;
  parse: (text: string) => T;
}): ValueOption<T | undefined> {
  return { kind: 'value', ...spec };
}

/** An option without a value, off unless given. */
export function flag(description: string): FlagOption {
  return { kind: 'flag', description };
}

/** `batchSize` → `--batch-size`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
