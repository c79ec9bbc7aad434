import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseOrExit, usageLine, type ParseIo } from '../src/parse-or-exit.js';
import { HelpRequested, UsageError } from '../src/usage-error.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function io(): ParseIo & { out: string; err: string } {
  const result = {
    out: '',
    err: '',
    stdout: { write: (text: string) => (result.out += text) },
    stderr: { write: (text: string) => (result.err += text) },
    exit: (code: number): never => {
      throw new Exited(code);
    },
  };
  return result;
}

const command = { name: 'npm run demo --' };

test('parseOrExit returns what the parse function returns, printing nothing', () => {
  const streams = io();
  assert.equal(
    parseOrExit(command, () => 42, streams),
    42,
  );
  assert.equal(streams.out + streams.err, '');
});

test('parseOrExit prints help on stdout and exits 0', () => {
  const streams = io();
  assert.throws(
    () =>
      parseOrExit(
        command,
        () => {
          throw new HelpRequested('Usage: demo');
        },
        streams,
      ),
    { code: 0 },
  );
  assert.equal(streams.out, 'Usage: demo\n');
  assert.equal(streams.err, '');
});

test('parseOrExit prints a usage error as one line on stderr and exits 2', () => {
  const streams = io();
  assert.throws(
    () =>
      parseOrExit(
        command,
        () => {
          throw new UsageError('unknown option --x\n(Did you mean --y?)');
        },
        streams,
      ),
    { code: 2 },
  );
  assert.equal(streams.out, '');
  assert.equal(
    streams.err,
    'npm run demo: unknown option --x (Did you mean --y?) (npm run demo -- --help lists the options)\n',
  );
  assert.equal(streams.err.split('\n').length, 2);
});

test('parseOrExit lets other errors through', () => {
  assert.throws(
    () =>
      parseOrExit(
        command,
        () => {
          throw new RangeError('bug');
        },
        io(),
      ),
    RangeError,
  );
});

test('usageLine names a command without npm run the same way', () => {
  assert.equal(
    usageLine({ name: 'tweet-pipeline-sink-rebuild' }, 'bad'),
    'tweet-pipeline-sink-rebuild: bad (tweet-pipeline-sink-rebuild --help lists the options)',
  );
});
