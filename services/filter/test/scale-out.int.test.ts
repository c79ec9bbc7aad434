import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GroupLagReader,
  createProducer,
  ensureTopics,
  pipelineTopicSpecs,
  type Admin,
  type Kafka,
  type Producer,
} from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  deleteTopics,
  readTopic,
  testKafka,
  testStack,
  testTopics,
  uniqueName,
  groupProgress,
  waitFor,
  type ServiceProcess,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';
import { matchableFromXMessage, prepareTweet } from '@tweet-pipeline/x-rules';
import { loadFilterConfig } from '../src/config.js';
import { filterClientId, startFilterInstance } from './helpers/filter-instance.js';
import { memberPartitions } from './helpers/group-progress.js';
import { openTransactionPartitions } from './helpers/open-transactions.js';
import { chunked, sendInChunks } from './helpers/send-in-chunks.js';
import { passingIds, toRawMessage } from './helpers/synthetic-raw.js';

const PARTITIONS = 12;
const TOTAL = 100_000;
// 25 bursts 3 s apart: records keep arriving for ~75 s while instances join, crash and rebalance.
const BURSTS = 25;
const BURST_EVERY_MS = 3_000;
const SECOND_JOINS_AFTER_BURST = 3;
const THIRD_JOINS_AFTER_BURST = 6;
const KILL_AFTER_BURST = 12;
const synthetic = {
  seed: 20_260_412,
  musicRatio: 0.3,
  duplicateRatio: 0.1,
  invalidRatio: 0,
  startMs: 1_760_000_000_000,
};

const topics = testTopics('scale-out');
const group = uniqueName('scale-out-filter');
let stack: StackEndpoints;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const filters = new Map<string, ServiceProcess>();

beforeAll(async () => {
  stack = await testStack();
  kafka = testKafka(stack.brokers);
  const specs = pipelineTopicSpecs({
    names: topics,
    partitions: PARTITIONS,
    replicationFactor: 1,
    dedupeWindowMs: 86_400_000,
  });
  await ensureTopics(kafka, Object.values(specs), createLogger({ service: 'test', level: 'warn' }));
  admin = kafka.admin();
  await admin.connect();
  producer = createProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([...filters.values()].map((f) => f.stop()));
  await producer?.disconnect();
  await admin?.disconnect();
  await deleteTopics(kafka, Object.values(topics));
});

function startFilter(instanceId: string): ServiceProcess {
  const filter = startFilterInstance({
    brokers: stack.brokers,
    topics,
    partitions: PARTITIONS,
    groupId: group,
    instanceId,
  });
  filters.set(instanceId, filter);
  return filter;
}

/**
 * SIGKILLs the instance while it has a transaction open with records already
 * written: the crash the exactly-once design is about. Checking from outside
 * races the instance's own commit, so it is frozen (SIGSTOP) while we look: a
 * dedupe-state partition it holds (written only by its owner: co-partitioned)
 * with records above the last stable offset, still there half a second later,
 * is a transaction the frozen process can no longer finish. Otherwise it is
 * thawed and we look again.
 */
async function killInOpenTransaction(instanceId: string, filter: ServiceProcess): Promise<number[]> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    assert.ok(filter.running, `instance ${instanceId} exited before it could be killed: see ${filter.spec.logFile}`);
    const held = await memberPartitions(admin, group, filterClientId(instanceId), topics.raw);
    if (held.length > 0) {
      filter.kill('SIGSTOP');
      let killed = false;
      try {
        let open = (await openTransactionPartitions(admin, topics.dedupeState)).filter((p) => held.includes(p));
        if (open.length > 0) {
          await sleep(500);
          open = (await openTransactionPartitions(admin, topics.dedupeState)).filter((p) => open.includes(p));
        }
        if (open.length > 0) {
          filter.kill('SIGKILL');
          killed = true;
          return open;
        }
      } finally {
        if (!killed) filter.kill('SIGCONT');
      }
    }
    await sleep(50);
  }
  assert.fail(`instance ${instanceId} was never caught with a transaction open`);
}

test('filter scaled 1 → 3 → 2, one instance SIGKILLed in an open transaction, publishes every passing id exactly once', async () => {
  const source = new SyntheticTweets(synthetic);
  const records = Array.from({ length: TOTAL }, () => source.next());
  assert.equal(records.filter((r) => r.kind === 'duplicate').length, TOTAL / 10, 'duplicates to drop');
  // The expected set is the generator's music tweets: that holds only if the filter's default rule
  // matches exactly those (every MUSIC_PHRASE, in every case, and nothing in the other tweets).
  const { ruleSet } = loadFilterConfig({}).rules;
  const misjudged = records.filter(
    (r) => r.kind === 'tweet' && r.music !== ruleSet.match(prepareTweet(matchableFromXMessage(r.message))).length > 0,
  );
  assert.deepEqual(
    misjudged.slice(0, 5).map((r) => r.key),
    [],
    'the default rule matches exactly the synthetic music tweets',
  );
  const expected = passingIds(records);

  const timeline: string[] = [];
  const started = Date.now();
  const mark = (event: string) => timeline.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${event}`);
  let sampling = false;
  const progress = new GroupLagReader({ kafka, groupId: group });
  const sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    groupProgress(progress, group, topics.raw)
      .then((p) => mark(`committed ${p.committed}/${p.end}`))
      .catch(() => undefined)
      .finally(() => (sampling = false));
  }, 5_000);

  try {
    startFilter('a');
    mark('instance a started');
    const perBurst = TOTAL / BURSTS;
    let crash: Promise<boolean> | undefined;
    /** Kills c in an open transaction; resolves once that transaction has ended, false if it never does. */
    const crashInstanceC = async () => {
      const open = await killInOpenTransaction('c', filters.get('c')!);
      mark(`instance c SIGKILLed with a transaction open on dedupe-state partitions ${open.join(',')}`);
      // Nobody reuses c's transactional id, so only the broker's transaction timeout can end it.
      const ended = await waitFor(
        async () => (await openTransactionPartitions(admin, topics.dedupeState)).every((p) => !open.includes(p)),
        300_000,
        1_000,
      );
      mark(`c's open transaction ended: ${ended}`);
      return ended;
    };
    for (let burst = 0; burst < BURSTS; burst++) {
      await sleep(Math.max(0, started + burst * BURST_EVERY_MS - Date.now()));
      const receivedAt = Date.now();
      const messages = records.slice(burst * perBurst, (burst + 1) * perBurst).map((r) => toRawMessage(r, receivedAt));
      await sendInChunks(producer, topics.raw, chunked(messages, 1_000));
      if (burst === SECOND_JOINS_AFTER_BURST) {
        startFilter('b');
        mark('instance b started');
      }
      if (burst === THIRD_JOINS_AFTER_BURST) {
        startFilter('c');
        mark('instance c started');
      }
      // In parallel with the bursts, so that records keep arriving while the instance is caught.
      if (burst === KILL_AFTER_BURST) {
        crash = crashInstanceC();
        crash.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
      }
    }
    mark('all records produced');
    assert.equal(await crash, true, "the killed instance's open transaction ended");

    // Generous: the killed instance's partitions wait for the group to drop it (session timeout) and for
    // its transaction to end before their next owner may commit there.
    const caughtUp = await waitFor(
      async () => (await groupProgress(progress, group, topics.raw).catch(() => undefined))?.caughtUp === true,
      420_000,
      2_000,
    );
    mark(`group caught up: ${caughtUp}`);
    assert.ok(caughtUp, 'the group committed every raw record');

    const clean = await readTopic(kafka, topics.clean, { count: expected.size, timeoutMs: 120_000, settleMs: 5_000 });
    mark(`read ${clean.length} clean records`);
    const ids = clean.map((r) => r.key ?? '');
    const got = new Set(ids);
    const missing = [...expected].filter((id) => !got.has(id));
    const unexpected = [...got].filter((id) => !expected.has(id));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${expected.size} passing ids missing`);
    assert.deepEqual(unexpected.slice(0, 10), [], `${unexpected.length} ids that should not pass`);
    assert.equal(ids.length, got.size, 'no id published twice');

    for (const id of ['a', 'b']) {
      const filter = filters.get(id);
      assert.equal(filter?.running, true, `instance ${id} still running (log: ${filter?.spec.logFile})`);
    }
    assert.equal(await filters.get('c')?.exited, null, 'instance c died of the signal');
  } finally {
    clearInterval(sampler);
    await progress.close();
    console.info(timeline.join('\n'));
    for (const [id, f] of filters) console.info(`instance ${id} log: ${f.spec.logFile}`);
  }
});
