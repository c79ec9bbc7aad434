import assert from 'node:assert/strict';
import { test } from 'vitest';
import { markdown, svg, type BenchReport } from '../src/report.js';

const report: BenchReport = {
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: '24.21.0', servers: 'local' },
  startedAt: '2026-11-26T00:00:00.000Z',
  seconds: 100,
  throughput: { tweets: 200_000, stored: 57_000, seconds: 12.5, tweetsPerSecond: 16_000 },
  latency: [{ rate: 2_000, seconds: 30, stored: 17_000, expected: 17_000, p50Ms: 120, p99Ms: 1_400 }],
  burst: { offered: 150_000, offerSeconds: 10.2, expected: 42_000, stored: 41_999, lost: 1, drainSeconds: 20 },
  baseline: {
    seed: { tweets: 100_000, stored: 28_000, seconds: 200, tweetsPerSecond: 500 },
    pipeline: { tweets: 100_000, stored: 28_000, seconds: 8, tweetsPerSecond: 12_500 },
    speedup: 25,
  },
  ceilings: {
    kafkaRecordsPerSecond: 70_000,
    recordSize: 670,
    insertManyDocsPerSecond: 20_000,
    pipelineVsKafka: 0.2286,
    pipelineVsInsertMany: 0.228,
  },
};

test('markdown states each goal as met or missed from the figures, not as a fixed verdict', () => {
  const md = markdown(report);
  assert.match(md, /\| 200,000 \| 57,000 \| 12\.5 \| 16,000 \| met \|/);
  assert.match(md, /\| 2,000 \| 30 \| 17,000 \/ 17,000 \| 120 \| 1,400 \| missed \|/);
  assert.match(md, /\| 1 \| 20\.0 \| missed \|/, 'one lost tweet misses zero loss');
  assert.match(md, /Speed-up: \*\*25\.0×\*\* \(goal ≥ 20×: met\)/);
  assert.match(md, /Test CPU, 2 cores/);
});

test('svg draws one bar per throughput figure and two per latency rate', () => {
  const drawing = svg(report);
  assert.ok(drawing.startsWith('<svg'));
  assert.equal((drawing.match(/<rect x="200"/g) ?? []).length, 4 + 2);
  assert.match(drawing, /16,000/);
});
