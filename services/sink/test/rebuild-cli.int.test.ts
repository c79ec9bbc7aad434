import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, test } from 'vitest';
import {
  nodeArgs,
  openTestWorld,
  serviceEntry,
  topicEnv,
  waitFor,
  type ServiceProcess,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import { cleanRecord, cleanTweet, tweetId } from './helpers/clean-tweets.js';
import { newSinkRun, startSink, type SinkRun } from './helpers/sink-harness.js';

const PARTITIONS = 3;
const FIRST = 5_000;
const LATER = 1_000;
const SEED = 14;
const rebuildCli = serviceEntry('sink', 'rebuild-cli');

let world: TestWorld;
let run: SinkRun;
const sinks: ServiceProcess[] = [];

interface RebuildReport {
  readonly ok: boolean;
  readonly code?: string;
  readonly dropped?: boolean;
  readonly since?: string | null;
  readonly offsets?: { partition: number; from: string | null; to: string }[];
}

/** Runs the rebuild CLI with the sink's environment; its exit code and the JSON it printed. */
/**
 * A stopped sink leaves its group at once, but a member the broker still counts (one that
 * left moments ago, on a loaded machine) keeps the group active for a while: the CLI then
 * refuses with GROUP_ACTIVE (exit 3), as it must, and an operator tries again.
 */
async function rebuildOnceGroupEmpty(args: string[]): Promise<{ exitCode: number; report: RebuildReport }> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const result = await rebuild(args);
    if (result.exitCode !== 3 || Date.now() > deadline) return result;
    await sleep(2_000);
  }
}

function rebuild(args: string[]): Promise<{ exitCode: number; report: RebuildReport }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs(rebuildCli), ...args],
      {
        env: {
          ...process.env,
          ...topicEnv(run.topics, PARTITIONS),
          KAFKA_BROKERS: world.stack.brokers.join(','),
          MONGODB_URI: world.stack.mongoUri,
          MONGODB_DATABASE: run.database,
          SINK_GROUP_ID: run.groupId,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve({ exitCode: err === null ? 0 : Number(err.code), report: JSON.parse(line) as RebuildReport });
        } catch {
          reject(new Error(`rebuild printed no JSON (exit ${err?.code}): ${stdout} ${stderr}`));
        }
      },
    );
  });
}

async function runSinkUntilCaughtUp(): Promise<ServiceProcess> {
  const sink = await startSink(world, run);
  sinks.push(sink);
  assert.ok(await waitFor(() => world.groupCaughtUp(run.groupId, run.topics.clean), 120_000, 500), 'sink caught up');
  return sink;
}

const storedIds = async (): Promise<string[]> =>
  (
    await world.mongo
      .db(run.database)
      .collection<{ _id: string }>('tweets')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  )
    .map((d) => d._id)
    .sort();

beforeAll(async () => {
  world = await openTestWorld();
  run = await newSinkRun(world, 'sink-dr', PARTITIONS);
});

afterAll(() => world?.close());

test('rebuild CLI refuses while the sink runs, then restores a dropped collection from tweets.clean', async () => {
  const ids = Array.from({ length: FIRST }, (_, i) => tweetId(SEED, i));
  await world.sendAll(
    run.topics.clean,
    ids.map((id, i) => cleanRecord(cleanTweet(id, i))),
  );
  const sink = await runSinkUntilCaughtUp();
  const before = await storedIds();
  assert.equal(before.length, FIRST);

  const refused = await rebuild([]);
  assert.equal(refused.exitCode, 3, 'exit code 3 while the sink is in its group');
  assert.equal(refused.report.ok, false);
  assert.equal(refused.report.code, 'GROUP_ACTIVE');

  assert.equal(await sink.stop(), 0, 'the sink stopped cleanly (left its group)');
  await world.mongo.db(run.database).collection('tweets').drop();
  assert.equal((await storedIds()).length, 0, 'disaster: the collection is gone');

  const { exitCode, report } = await rebuildOnceGroupEmpty([]);
  assert.equal(exitCode, 0, JSON.stringify(report));
  assert.equal(report.ok, true);
  assert.equal(report.since, null);
  assert.deepEqual(
    report.offsets?.map((o) => o.to),
    Array.from({ length: PARTITIONS }, () => '0'),
    'every partition back to its earliest offset',
  );
  assert.ok(
    report.offsets?.every((o) => o.from !== null && o.from !== '0'),
    'from the committed offsets',
  );

  await runSinkUntilCaughtUp();
  assert.deepEqual(await storedIds(), before, 'the same ids, the same count');
  const indexes = await world.mongo.db(run.database).collection('tweets').listIndexes().toArray();
  assert.ok(
    ['created_at_1', 'hashtags_1_created_at_-1', 'author.id_1_created_at_-1', 'matched_keywords_1'].every((name) =>
      indexes.some((index) => index.name === name),
    ),
    'the indexes are back',
  );
});

test('rebuild CLI with --since and --drop rebuilds only the records from that time on', async () => {
  // Records carry the producer's create time; leave a clear gap around the cut.
  await sleep(1_500);
  const since = new Date();
  await sleep(1_500);
  const later = Array.from({ length: LATER }, (_, i) => tweetId(SEED, FIRST + i));
  await world.sendAll(
    run.topics.clean,
    later.map((id, i) => cleanRecord(cleanTweet(id, FIRST + i))),
  );
  await runSinkUntilCaughtUp();
  assert.equal((await storedIds()).length, FIRST + LATER);
  for (const running of sinks.filter((s) => s.running)) assert.equal(await running.stop(), 0);

  const { exitCode, report } = await rebuildOnceGroupEmpty([`--since=${since.toISOString()}`, '--drop']);
  assert.equal(exitCode, 0, JSON.stringify(report));
  assert.equal(report.dropped, true);
  assert.equal(report.since, since.toISOString());

  await runSinkUntilCaughtUp();
  assert.deepEqual(await storedIds(), [...later].sort(), 'only the records produced after --since');

  const usage = await rebuild(['--since=yesterday']);
  assert.equal(usage.exitCode, 2);
  assert.equal(usage.report.code, 'INVALID_ARGUMENT');
});
