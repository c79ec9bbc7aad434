import type { StackEndpoints } from '@tweet-pipeline/testkit';
import { expectedStored } from '../expected.js';
import { PipelineUnderTest, type Workload } from '../pipeline-under-test.js';
import type { ScenarioProgress } from '../scenario-progress.js';

export interface ThroughputResult {
  readonly tweets: number;
  readonly stored: number;
  readonly seconds: number;
  readonly tweetsPerSecond: number;
}

/**
 * Sustained end-to-end throughput: `count` tweets offered as fast as the
 * producer takes them; the clock stops when the filter has an outcome for
 * every one and MongoDB holds every passing tweet. Reports the tweets filtered.
 */
export async function sustainedThroughput(
  stack: StackEndpoints,
  count: number,
  progress?: ScenarioProgress,
): Promise<ThroughputResult> {
  const workload: Workload = {
    count,
    rate: 1_000_000,
    seed: 11,
    musicRatio: 0.3,
    duplicateRatio: 0.05,
    invalidRatio: 0.001,
    startMs: Date.now(),
  };
  const expected = expectedStored(workload);
  const pipeline = new PipelineUnderTest(stack);
  try {
    await pipeline.start(workload);
    await pipeline.until(
      async () => {
        const c = await pipeline.counts();
        progress?.(c.filtered, count);
        return c.filtered >= count && c.stored >= expected;
      },
      30 * 60_000,
      `${count} tweets through the pipeline`,
    );
    const seconds = (Date.now() - pipeline.startedAt) / 1000;
    return { tweets: count, stored: await pipeline.stored(), seconds, tweetsPerSecond: count / seconds };
  } finally {
    await pipeline.stop();
  }
}
