// The command line of every command a person runs (npm start, replay, bench, test:chaos,
// sink:rebuild): one parser (commander underneath) so that each answers --help on stdout with
// exit 0, and a bad command line with one line on stderr and exit 2, before it starts anything;
// and one progress line for long work.
export { UsageError, HelpRequested } from './usage-error.js';
export {
  option,
  flag,
  flagName,
  type CommandSpec,
  type OperandsSpec,
  type OptionSpecs,
  type OptionValues,
  type ValueOption,
  type FlagOption,
} from './command-spec.js';
export { parseCommand, helpText, type ParsedCommand } from './parse-command.js';
export { integer, decimal, nameList, text, filePath, existingDirectory, existingFile } from './values.js';
export { parseOrExit, usageLine, ExitCodes, type ParseIo } from './parse-or-exit.js';
export { ProgressLine, type ProgressLineOptions, type ProgressStream } from './progress-line.js';
export { RateMeter } from './rate-meter.js';
