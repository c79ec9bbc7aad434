import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { repoRoot } from '@tweet-pipeline/testkit';
import { microBenchmarks } from '../src/micro-benchmarks.js';

test('microBenchmarks finds <workspace>/bench/<name>.bench.ts in libs, services and tools, by name', () => {
  const root = mkdtempSync(join(tmpdir(), 'micro-'));
  for (const [dir, file] of [
    ['services/sink/bench', 'sink-throughput.bench.ts'],
    ['libs/x-rules/bench', 'rule-set.bench.ts'],
    ['libs/x-rules/bench', 'notes.md'],
    ['tools/bench/src', 'main.ts'],
  ] as const) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, file), '');
  }
  assert.deepEqual(microBenchmarks(root), [
    { name: 'rule-set', file: join(root, 'libs/x-rules/bench/rule-set.bench.ts') },
    { name: 'sink-throughput', file: join(root, 'services/sink/bench/sink-throughput.bench.ts') },
  ]);
});

test("microBenchmarks lists the repository's own, among them the producer's", () => {
  assert.ok(microBenchmarks(repoRoot).some((b) => b.name === 'producer-throughput'));
});
