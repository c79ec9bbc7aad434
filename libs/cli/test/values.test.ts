import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { UsageError } from '../src/usage-error.js';
import { decimal, existingDirectory, existingFile, filePath, integer, nameList } from '../src/values.js';

test('integer takes decimal digits within bounds and refuses the rest, saying what it expected', () => {
  assert.equal(integer()('-3'), -3);
  assert.equal(integer({ min: 1 })('42'), 42);
  for (const text of ['', ' ', 'abc', '1.5', '1e3', '0x10', '0', '99999999999999999999']) {
    assert.throws(
      () => integer({ min: 1 })(text),
      { name: 'UsageError', message: 'expected a positive integer' },
      text,
    );
  }
  assert.throws(() => integer({ min: 0 })('-1'), /a non-negative integer/);
  assert.throws(() => integer({ min: 1, max: 5 })('6'), /an integer from 1 to 5/);
});

test('decimal takes plain decimal numbers within bounds', () => {
  assert.equal(decimal({ above: 0 })('0.25'), 0.25);
  assert.equal(decimal({ min: 0 })('0'), 0);
  for (const text of ['', 'abc', '1e3', 'Infinity', '-1']) {
    assert.throws(() => decimal({ min: 0 })(text), /expected a number ≥ 0/, text);
  }
  assert.throws(() => decimal({ above: 0 })('0'), /expected a number > 0/);
});

test('nameList returns the known names asked for in their own order, each once, and names the unknown ones', () => {
  const parts = nameList(['a', 'b', 'c'] as const, 'part');
  assert.deepEqual(parts('c, a,c'), ['a', 'c']);
  assert.throws(() => parts('a,zz,yy'), { name: 'UsageError', message: 'unknown part zz, yy (known: a, b, c)' });
  assert.throws(() => parts(' , '), { name: 'UsageError', message: 'names no part' });
});

test('filePath resolves against the directory npm was run from (INIT_CWD)', () => {
  const before = process.env.INIT_CWD;
  process.env.INIT_CWD = '/somewhere';
  try {
    assert.equal(filePath()('out'), '/somewhere/out');
    assert.equal(filePath()('/abs'), '/abs');
  } finally {
    if (before === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = before;
  }
});

test('existingDirectory and existingFile refuse what is missing or of the other kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-values-'));
  const file = join(dir, 'a.jsonl');
  writeFileSync(file, '');
  assert.equal(existingDirectory()(dir), dir);
  assert.equal(existingFile()(file), file);
  assert.throws(() => existingDirectory()(file), UsageError);
  assert.throws(() => existingFile()(dir), UsageError);
  assert.throws(() => existingFile()(join(dir, 'missing.jsonl')), /missing\.jsonl does not exist/);
  assert.throws(() => existingDirectory()(join(dir, 'missing')), /missing does not exist/);
});
