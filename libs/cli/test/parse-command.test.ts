import assert from 'node:assert/strict';
import { test } from 'vitest';
import { flag, option } from '../src/command-spec.js';
import { helpText, parseCommand } from '../src/parse-command.js';
import { HelpRequested, UsageError } from '../src/usage-error.js';
import { integer, nameList } from '../src/values.js';

const spec = {
  name: 'npm run demo --',
  summary: 'Demonstrates the parser.',
  options: {
    rate: option({ placeholder: 'N', description: 'tweets per second', default: '500', parse: integer({ min: 1 }) }),
    only: option({
      placeholder: 'NAMES',
      description: 'what to run',
      default: 'a,b',
      parse: nameList(['a', 'b', 'c'] as const, 'part'),
    }),
    since: option({ placeholder: 'TIME', description: 'from when', defaultText: 'the start', parse: (t) => t }),
    batchSize: option({ placeholder: 'N', description: 'per batch', default: '10', parse: integer({ min: 1 }) }),
    drop: flag('drop it first'),
  },
  operands: { name: 'file', description: 'input files', required: false },
  epilog: 'Exit codes: 0 done, 2 bad arguments.',
};

test('parseCommand applies every default through its parser when nothing is given', () => {
  const parsed = parseCommand(spec, []);
  assert.deepEqual(parsed.options, { rate: 500, only: ['a', 'b'], batchSize: 10, drop: false });
  assert.deepEqual(parsed.operands, []);
  assert.equal(parsed.given.size, 0);
});

test('parseCommand reads --name=value, --name value, kebab-case names, flags and operands', () => {
  const parsed = parseCommand(spec, ['--rate=7', '--since', '2026', '--batch-size=3', '--drop', 'x.jsonl', 'y.jsonl']);
  assert.equal(parsed.options.rate, 7);
  assert.equal(parsed.options.since, '2026');
  assert.equal(parsed.options.batchSize, 3);
  assert.equal(parsed.options.drop, true);
  assert.deepEqual(parsed.operands, ['x.jsonl', 'y.jsonl']);
  assert.deepEqual([...parsed.given].sort(), ['batchSize', 'drop', 'rate', 'since']);
});

test('parseCommand treats everything after -- as operands, even --help', () => {
  assert.deepEqual(parseCommand(spec, ['--', '--help']).operands, ['--help']);
});

test('parseCommand throws HelpRequested carrying the help for --help and -h, whatever else is given', () => {
  for (const argv of [['--help'], ['-h'], ['--rate=nope', '-h'], ['--bogus', '--help']]) {
    assert.throws(
      () => parseCommand(spec, argv),
      (err: unknown) => err instanceof HelpRequested && err.text === helpText(spec),
      argv.join(' '),
    );
  }
});

test('parseCommand refuses unknown options, missing and bad values with a one-line UsageError', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /^unknown option '--bogus'$/],
    [['--onyl=a'], /^unknown option '--onyl=a' \(Did you mean --only\?\)$/],
    [['--rate'], /argument missing/],
    [['--rate=abc'], /^--rate=abc: expected a positive integer$/],
    [['--only=a,zz'], /^--only=a,zz: unknown part zz \(known: a, b, c\)$/],
    [['--drop=yes'], /unknown option '--drop=yes'/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseCommand(spec, argv),
      (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n'),
      argv.join(' '),
    );
  }
});

test('parseCommand refuses operands to a command that takes none, and requires required ones', () => {
  const bare = { name: 'bare', summary: 'No operands.', options: {} };
  assert.throws(() => parseCommand(bare, ['stray']), UsageError);
  const files = {
    name: 'files',
    summary: 'Needs files.',
    options: {},
    operands: { name: 'file', description: 'f', required: true },
  };
  assert.throws(() => parseCommand(files, []), /missing required argument 'file'/);
  assert.deepEqual(parseCommand(files, ['a']).operands, ['a']);
});

test('helpText lists the usage, the summary, the operands, every option with its default, and the epilog', () => {
  const help = helpText(spec);
  assert.match(help, /^Usage: npm run demo -- \[options\] \[file\.\.\.\]/);
  assert.match(help, /Demonstrates the parser\./);
  assert.match(help, /--rate <N>\s+tweets per second \(default: 500\)/);
  assert.match(help, /--only <NAMES>\s+what to run \(default: a,b\)/);
  assert.match(help, /--since <TIME>\s+from when \(default: the start\)/);
  assert.match(help, /--batch-size <N>\s+per batch \(default: 10\)/);
  assert.match(help, /--drop\s+drop it first \(default: off\)/);
  assert.match(help, /-h, --help\s+print this help and exit/);
  assert.match(help, /Exit codes: 0 done, 2 bad arguments\.\n$/);
});
