import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, test } from 'vitest';
import { RawHeaders } from '@tweet-pipeline/contracts';
import { GroupLagReader, createProducer, ensureTopics, pipelineTopicSpecs, type Kafka } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import {
  deleteTopics,
  localStackControl,
  readTopic,
  testKafka,
  testStack,
  testTopics,
  uniqueName,
  waitFor,
  type ServiceProcess,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';
import { startFilterInstance } from './helpers/filter-instance.js';

const PARTITIONS = 3;
/** Longer than the transaction timeout (15 s): records in flight when the broker stops time out. */
const OUTAGE_MS = 25_000;
const BURST = 60_000;
const control = localStackControl();
/** Needs the script-started local stack (npm test) to stop the broker. */
const skip = control === null;
const log = createLogger({ service: 'test', level: 'warn' });
let stack: StackEndpoints;
let kafka: Kafka;
const filters: ServiceProcess[] = [];
const topicSets: ReturnType<typeof testTopics>[] = [];

const tweet = (id: string) => ({
  key: id,
  value: JSON.stringify({ data: { id, text: `tweet ${id} about music` }, matching_rules: [{ id: '1', tag: null }] }),
  headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(Date.now()) },
});

beforeAll(async () => {
  stack = await testStack();
  kafka = testKafka(stack.brokers);
});

afterAll(async () => {
  await control?.start('kafka');
  await Promise.all(filters.map((f) => f.stop()));
  for (const topics of topicSets) await deleteTopics(kafka, Object.values(topics));
});

/** A free port below the ephemeral range, for the filter's /readyz. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function readyz(port: number): Promise<{ ready: boolean; reason?: string } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return (await res.json()) as { ready: boolean; reason?: string };
  } catch {
    return undefined;
  }
}

async function startFilter(
  topics: ReturnType<typeof testTopics>,
  port: number,
  groupId = uniqueName('outage-filter-group'),
): Promise<ServiceProcess> {
  const filter = startFilterInstance({
    brokers: stack.brokers,
    topics,
    partitions: PARTITIONS,
    groupId,
    instanceId: uniqueName('outage-filter'),
    port,
    // Its log file is what explains a failure here: keep the info lines (assignments, revocations).
    env: { LOG_LEVEL: process.env.OUTAGE_FILTER_LOG_LEVEL ?? 'info' },
  });
  filters.push(filter);
  return filter;
}

function fatalLines(filter: ServiceProcess): string[] {
  return readFileSync(filter.spec.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"level":60'));
}

/** Every expected id exactly once among the clean records (read_committed). */
async function assertEachOnce(topics: ReturnType<typeof testTopics>, ids: readonly string[]): Promise<void> {
  const clean = await readTopic(kafka, topics.clean, { count: ids.length, timeoutMs: 120_000, settleMs: 3_000 });
  const keys = clean.map((r) => r.key ?? '');
  const missing = ids.filter((id) => !keys.includes(id));
  assert.equal(missing.length, 0, `missing ${missing.length} of ${ids.length}, e.g. ${missing.slice(0, 3).join(', ')}`);
  assert.equal(keys.length, new Set(keys).size, 'no id published twice');
  assert.equal(keys.length, ids.length);
}

test('filter started while the broker is down waits for it (not ready meanwhile), then filters', { skip }, async () => {
  const topics = testTopics('outage-start');
  topicSets.push(topics);
  const port = await freePort();
  await control!.stop('kafka');
  const filter = await startFilter(topics, port);
  await sleep(12_000);
  assert.equal(filter.running, true, 'the filter waits for the broker instead of exiting');
  // Asked until it answers: a loaded machine may take longer than one probe's 2 s to serve it.
  assert.ok(await waitFor(async () => (await readyz(port)) !== undefined, 20_000), 'the filter answers /readyz');
  assert.equal((await readyz(port))?.ready, false);
  await control!.start('kafka');
  assert.ok(await waitFor(async () => (await readyz(port))?.ready === true, 60_000), 'ready once the broker is back');

  const producer = createProducer(kafka);
  await producer.connect();
  const ids = Array.from({ length: 50 }, (_, i) => String(1_200_000_000_000_000_000n + BigInt(i)));
  await producer.send({ topic: topics.raw, messages: ids.map(tweet) });
  await producer.disconnect();
  await assertEachOnce(topics, ids);
  assert.equal(filter.running, true);
  assert.deepEqual(fatalLines(filter), []);
});

test(
  `filter keeps running through a ${OUTAGE_MS / 1000} s broker outage mid-batch and publishes every tweet once`,
  { skip },
  async () => {
    const topics = testTopics('outage-stream');
    topicSets.push(topics);
    const specs = pipelineTopicSpecs({
      names: topics,
      partitions: PARTITIONS,
      replicationFactor: 1,
      // The filter's default DEDUPE_WINDOW_MS: its start-up check refuses a state topic kept for less.
      dedupeWindowMs: 86_400_000,
    });
    await ensureTopics(kafka, Object.values(specs), log);
    const port = await freePort();
    const groupId = uniqueName('outage-filter-group');
    const filter = await startFilter(topics, port, groupId);
    assert.ok(await waitFor(async () => (await readyz(port))?.ready === true, 60_000), 'filter ready');

    // A burst larger than the filter clears in a few seconds: when the broker stops, the filter is
    // mid-way, with records fetched but not yet committed — its open transaction fails.
    const ids = Array.from({ length: BURST }, (_, i) => String(1_300_000_000_000_000_000n + BigInt(i)));
    const producer = createProducer(kafka);
    await producer.connect();
    for (let i = 0; i < ids.length; i += 5_000) {
      await producer.send({ topic: topics.raw, messages: ids.slice(i, i + 5_000).map(tweet) });
    }
    await producer.disconnect();
    const lag = new GroupLagReader({ kafka, groupId });
    const midway = await waitFor(
      async () => {
        const left = (await lag.lag(topics.raw).catch(() => [])).reduce((sum, p) => sum + p.lag, 0);
        return left > 0 && left < BURST;
      },
      30_000,
      50,
    );
    await lag.close();
    assert.ok(midway, 'the filter was part-way through the burst');

    await control!.stop('kafka');
    const stoppedAt = Date.now();
    const notReady = await waitFor(async () => (await readyz(port))?.ready === false, OUTAGE_MS, 1_000);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    assert.equal(filter.running, true, 'the filter survived the outage');
    await control!.start('kafka');

    await assertEachOnce(topics, ids);
    assert.equal(filter.running, true);
    assert.deepEqual(fatalLines(filter), []);
    assert.ok(notReady, '/readyz went false during the outage');
    // Which way the open transaction ends depends on timing: its records time out (redone), or its offsets
    // are refused once the broker is back because the group dropped this member meanwhile (given up, redelivered).
    assert.match(
      readFileSync(filter.spec.logFile, 'utf8'),
      /aborted, redoing it|batches given up/,
      'a transaction was open when the broker stopped, and did not end the process',
    );
  },
);
