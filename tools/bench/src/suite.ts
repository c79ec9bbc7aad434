import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressLine } from '@tweet-pipeline/cli';
import { describeMachine, formatCommittedReport, testStack } from '@tweet-pipeline/testkit';
import type { BenchOptions } from './args.js';
import { markdown, svg, type BenchReport } from './report.js';
import { scenarioProgress } from './scenario-progress.js';
import { burst } from './scenarios/burst.js';
import { ceilings } from './scenarios/ceilings.js';
import { latencyAtRate, type LatencyResult } from './scenarios/latency.js';
import { seedBaseline } from './scenarios/seed-baseline.js';
import { sustainedThroughput } from './scenarios/throughput.js';

/**
 * Runs the scenarios asked for against the servers of testStack(), one after the other, with
 * their progress on stderr, and writes benchmarks.{md,json,svg} into `options.out` once all ran.
 *
 * @throws whatever a scenario throws (a service that exited, a drain that timed out); nothing is written then.
 */
export async function runSuite(options: Pick<BenchOptions, 'only' | 'scale' | 'out'>): Promise<void> {
  const { only, scale } = options;
  const line = new ProgressLine({ prefix: '[bench] ' });
  const say = (text: string): void => {
    line.done();
    line.print(text);
  };
  const size = (count: number): number => Math.max(1_000, Math.round(count * scale));

  const stack = await testStack();
  const started = Date.now();
  const report: { -readonly [K in keyof BenchReport]: BenchReport[K] } = {
    machine: describeMachine(),
    startedAt: new Date(started).toISOString(),
    seconds: 0,
  };

  if (only.includes('throughput')) {
    say('sustained throughput');
    report.throughput = await sustainedThroughput(stack, size(200_000), scenarioProgress(line, 'throughput'));
    say(`  ${Math.round(report.throughput.tweetsPerSecond)} tweets/s`);
  }
  if (only.includes('latency')) {
    const results: LatencyResult[] = [];
    report.latency = results;
    for (const rate of [500, 2_000, 5_000]) {
      say(`latency at ${rate}/s`);
      const scenario = scenarioProgress(line, `latency at ${rate}/s`);
      const result = await latencyAtRate(stack, rate, Math.max(5, Math.round(30 * scale)), scenario);
      results.push(result);
      say(`  p50 ${Math.round(result.p50Ms)} ms, p99 ${Math.round(result.p99Ms)} ms`);
    }
  }
  if (only.includes('burst')) {
    say('burst');
    report.burst = await burst(stack, size(150_000), 10, scenarioProgress(line, 'burst'));
    say(`  lost ${report.burst.lost}, drained in ${report.burst.drainSeconds.toFixed(1)} s`);
  }
  if (only.includes('baseline')) {
    const count = size(100_000);
    say(`seed-style baseline at ${count} tweets`);
    const seed = await seedBaseline(stack, count, scenarioProgress(line, 'seed baseline'));
    say(`  ${Math.round(seed.tweetsPerSecond)} tweets/s; the pipeline on the same count`);
    const pipeline = await sustainedThroughput(stack, count, scenarioProgress(line, 'baseline, pipeline'));
    report.baseline = { seed, pipeline, speedup: seed.seconds / pipeline.seconds };
    say(`  ${report.baseline.speedup.toFixed(1)}x`);
  }
  if (only.includes('ceilings')) {
    say('raw ceilings');
    const c = await ceilings(stack, size(200_000), size(100_000), scenarioProgress(line, 'ceilings'));
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
  line.done();
  report.seconds = (Date.now() - started) / 1000;
  const file = (ext: string): string => join(options.out, `benchmarks.${ext}`);
  writeFileSync(file('json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(file('md'), markdown(report));
  writeFileSync(file('svg'), svg(report));
  // The report is committed: formatted as the lint step expects.
  formatCommittedReport([file('md'), file('json')]);
  say(`wrote ${file('{md,json,svg}')}`);
}
