import type { StackEndpoints } from '@tweet-pipeline/testkit';
import { expectedStored } from '../expected.js';
import { PipelineUnderTest, type Workload } from '../pipeline-under-test.js';
import type { ScenarioProgress } from '../scenario-progress.js';

export interface BurstResult {
  readonly offered: number;
  readonly offerSeconds: number;
  readonly expected: number;
  readonly stored: number;
  readonly lost: number;
  readonly drainSeconds: number;
}

/**
 * A burst like X's record (143,199 tweets/s for a moment): `count` tweets
 * offered within `seconds`. Zero loss means MongoDB ends up with exactly the
 * passing tweets; drain time runs from the last tweet received to the last stored.
 * Reports the tweets received (phase `offer`), then the documents stored (`drain`).
 */
export async function burst(
  stack: StackEndpoints,
  count: number,
  seconds: number,
  progress?: ScenarioProgress,
): Promise<BurstResult> {
  const workload: Workload = {
    count,
    rate: Math.ceil(count / seconds),
    seed: 13,
    musicRatio: 0.3,
    duplicateRatio: 0.05,
    invalidRatio: 0,
    startMs: Date.now(),
  };
  const expected = expectedStored(workload);
  const pipeline = new PipelineUnderTest(stack);
  try {
    await pipeline.start(workload);
    await pipeline.until(
      async () => {
        const { received } = await pipeline.counts();
        progress?.(received, count, 'offer');
        return received >= count;
      },
      10 * 60_000,
      `${count} received`,
    );
    const offered = Date.now();
    await pipeline.untilInserted(expected, 30 * 60_000, progress, 'drain');
    const drained = Date.now();
    const stored = await pipeline.stored();
    return {
      offered: count,
      offerSeconds: (offered - pipeline.startedAt) / 1000,
      expected,
      stored,
      lost: expected - stored,
      drainSeconds: (drained - offered) / 1000,
    };
  } finally {
    await pipeline.stop();
  }
}
