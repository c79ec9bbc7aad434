import { setTimeout as sleep } from 'node:timers/promises';
import { histogramQuantile, type StackEndpoints } from '@tweet-pipeline/testkit';
import { expectedStored } from '../expected.js';
import { PipelineUnderTest, type Workload } from '../pipeline-under-test.js';
import type { ScenarioProgress } from '../scenario-progress.js';

export interface LatencyResult {
  readonly rate: number;
  readonly seconds: number;
  readonly stored: number;
  readonly expected: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * End-to-end latency (producer received → sink stored) at a fixed offered
 * rate, from the sink's own histogram; quantiles are interpolated inside its
 * buckets as Prometheus does, so they are as fine as the buckets. Reports the documents stored.
 */
export async function latencyAtRate(
  stack: StackEndpoints,
  rate: number,
  seconds: number,
  progress?: ScenarioProgress,
): Promise<LatencyResult> {
  const workload: Workload = {
    count: rate * seconds,
    rate,
    seed: 12,
    musicRatio: 0.3,
    duplicateRatio: 0.05,
    invalidRatio: 0,
    startMs: Date.now(),
  };
  const expected = expectedStored(workload);
  const pipeline = new PipelineUnderTest(stack);
  try {
    await pipeline.start(workload);
    await pipeline.untilInserted(expected, (seconds + 600) * 1000, progress);
    await sleep(500);
    const histogram = await pipeline.metrics('sink');
    const quantile = (q: number): number =>
      histogramQuantile(histogram, 'tweet_pipeline_end_to_end_latency_seconds', q) * 1000;
    return { rate, seconds, stored: await pipeline.stored(), expected, p50Ms: quantile(0.5), p99Ms: quantile(0.99) };
  } finally {
    await pipeline.stop();
  }
}
