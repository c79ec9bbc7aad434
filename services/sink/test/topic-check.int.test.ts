import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { openTestWorld, waitFor, type TestWorld } from '@tweet-pipeline/testkit';
import { newSinkRun, readiness, startSink } from './helpers/sink-harness.js';

let world: TestWorld;

beforeAll(async () => {
  world = await openTestWorld();
});

afterAll(() => world?.close());

test('sink waits, not ready, naming the topic, setting, found and needed value when tweets.clean does not fit', async () => {
  const run = await newSinkRun(world, 'sink-topic-check', 2);
  // The topics exist with 2 partitions; this deployment says 5.
  const sink = await startSink(world, run, { TOPIC_PARTITIONS: '5' });
  const wanted = `topic ${run.topics.clean}: partitions is 2, the pipeline needs 5`;
  assert.ok(
    await waitFor(async () => (await readiness(sink)).reason?.includes(wanted) ?? false, 60_000, 300),
    `readiness names the mismatch: ${JSON.stringify(await readiness(sink))}`,
  );
  assert.equal((await readiness(sink)).status, 503);
  assert.equal(sink.running, true, 'waits for the fix instead of a crash loop');
});
