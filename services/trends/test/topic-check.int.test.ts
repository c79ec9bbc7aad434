import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { openTestWorld, waitFor, type ServiceProcess, type TestWorld } from '@tweet-pipeline/testkit';
import { newTrendsRun, opsPort, startTrends } from './helpers/trends-harness.js';

let world: TestWorld;

beforeAll(async () => {
  world = await openTestWorld();
});

afterAll(() => world?.close());

/** The reason /readyz gives, or undefined while it does not answer or is ready. */
async function notReadyReason(service: ServiceProcess): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${await opsPort(service)}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    });
    return res.status === 503 ? ((await res.json()) as { reason?: string }).reason : undefined;
  } catch {
    return undefined;
  }
}

test('trends waits, not ready, naming the topic, setting, found and needed value when tweets.clean does not fit', async () => {
  const run = await newTrendsRun(world, 'trends-topic-check', 2);
  const service = startTrends(world, run, { TOPIC_PARTITIONS: '4' });
  const wanted = `topic ${run.topics.clean}: partitions is 2, the pipeline needs 4`;
  assert.ok(
    await waitFor(async () => (await notReadyReason(service))?.includes(wanted) ?? false, 60_000, 300),
    `readiness names the mismatch: ${String(await notReadyReason(service))}`,
  );
  assert.equal(service.running, true, 'waits for the fix instead of a crash loop');
});
