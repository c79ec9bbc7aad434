import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { formatCommittedReport } from '../src/format-report.js';

test('formatCommittedReport leaves a report written outside the repository as it was', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'benchmarks.json');
  writeFileSync(file, '{"a":1,   "b":[1,2]}');
  formatCommittedReport([file]);
  assert.equal(readFileSync(file, 'utf8'), '{"a":1,   "b":[1,2]}');
});
