#!/usr/bin/env node
// `npm run bench`: measures the pipeline on this machine with every component
// local and writes docs/benchmarks.md, .json and .svg. Figures, not verdicts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, repoRoot, testStack } from '@tweet-pipeline/testkit';
import { markdown, svg, type BenchReport } from './report.js';
import { burst } from './scenarios/burst.js';
import { ceilings } from './scenarios/ceilings.js';
import { latencyAtRate, type LatencyResult } from './scenarios/latency.js';
import { seedBaseline } from './scenarios/seed-baseline.js';
import { sustainedThroughput } from './scenarios/throughput.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'throughput,latency,burst,baseline,ceilings' },
    out: { type: 'string', default: join(repoRoot, 'docs') + '/' },
    scale: { type: 'string', default: '1' },
  },
});
const only = new Set(values.only.split(','));
const scale = Number(values.scale);
const say = (line: string): boolean => process.stderr.write(`[bench] ${line}\n`);
const size = (count: number): number => Math.max(1_000, Math.round(count * scale));

const stack = await testStack();
const started = Date.now();
const report: { -readonly [K in keyof BenchReport]: BenchReport[K] } = {
  machine: describeMachine(),
  startedAt: new Date(started).toISOString(),
  seconds: 0,
};

if (only.has('throughput')) {
  say('sustained throughput');
  report.throughput = await sustainedThroughput(stack, size(200_000));
  say(`  ${Math.round(report.throughput.tweetsPerSecond)} tweets/s`);
}
if (only.has('latency')) {
  const results: LatencyResult[] = [];
  report.latency = results;
  for (const rate of [500, 2_000, 5_000]) {
    say(`latency at ${rate}/s`);
    const result = await latencyAtRate(stack, rate, Math.max(5, Math.round(30 * scale)));
    results.push(result);
    say(`  p50 ${Math.round(result.p50Ms)} ms, p99 ${Math.round(result.p99Ms)} ms`);
  }
}
if (only.has('burst')) {
  say('burst');
  report.burst = await burst(stack, size(150_000), 10);
  say(`  lost ${report.burst.lost}, drained in ${report.burst.drainSeconds.toFixed(1)} s`);
}
if (only.has('baseline')) {
  const count = size(100_000);
  say(`seed-style baseline at ${count} tweets`);
  const seed = await seedBaseline(stack, count);
  say(`  ${Math.round(seed.tweetsPerSecond)} tweets/s; the pipeline on the same count`);
  const pipeline = await sustainedThroughput(stack, count);
  report.baseline = { seed, pipeline, speedup: seed.seconds / pipeline.seconds };
  say(`  ${report.baseline.speedup.toFixed(1)}x`);
}
if (only.has('ceilings')) {
  say('raw ceilings');
  const c = await ceilings(stack, size(200_000), size(100_000));
  const t = report.throughput;
  report.ceilings = {
    ...c,
    ...(t === undefined
      ? {}
      : {
          pipelineVsKafka: t.tweetsPerSecond / c.kafkaRecordsPerSecond,
          pipelineVsInsertMany: t.stored / t.seconds / c.insertManyDocsPerSecond,
        }),
  };
}
report.seconds = (Date.now() - started) / 1000;
writeFileSync(`${values.out}/benchmarks.json`, JSON.stringify(report, null, 2) + '\n');
writeFileSync(`${values.out}/benchmarks.md`, markdown(report));
writeFileSync(`${values.out}/benchmarks.svg`, svg(report));
say(`wrote ${values.out}benchmarks.{md,json,svg}`);
process.exit(0);
