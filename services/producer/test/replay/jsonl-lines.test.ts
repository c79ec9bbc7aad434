import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { jsonlLines } from '../../src/index.js';

async function linesOf(bytes: Buffer): Promise<Buffer[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'jsonl-')), 'lines.jsonl');
  writeFileSync(file, bytes);
  const lines: Buffer[] = [];
  for await (const line of jsonlLines(file)) lines.push(line);
  return lines;
}

test('jsonlLines splits on LF only, keeping a bare CR and bytes that are not UTF-8 inside their line', async () => {
  const lines = await linesOf(Buffer.from('a\rb\n\nc\r\n\xff\n  \nlast', 'latin1'));
  assert.deepEqual(
    lines.map((l) => l.toString('latin1')),
    ['a\rb', '', 'c\r', '\xff', '  ', 'last'],
  );
});

test('jsonlLines drops a byte-order mark at the start of the file only', async () => {
  const bom = '\uFEFF';
  const lines = await linesOf(Buffer.from(`${bom}{"a":1}\n${bom}{"b":2}\n`));
  assert.deepEqual(
    lines.map((l) => l.toString('utf8')),
    ['{"a":1}', `${bom}{"b":2}`],
  );
});

test('jsonlLines joins a line that spans read chunks', async () => {
  const long = 'x'.repeat(200_000);
  const lines = await linesOf(Buffer.from(`${long}\n${long}`));
  assert.deepEqual(
    lines.map((l) => l.length),
    [200_000, 200_000],
  );
});
