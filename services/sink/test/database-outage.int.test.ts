import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, test } from 'vitest';
import {
  localStackControl,
  openTestWorld,
  readTopic,
  uniqueName,
  waitFor,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import { cleanRecord, cleanTweet, tweetId } from './helpers/clean-tweets.js';
import { metricValue, newSinkRun, readiness, startSink, type SinkRun } from './helpers/sink-harness.js';

const PARTITIONS = 4;
const PER_PHASE = 6_000;
const OUTAGE_MS = 60_000;
const SEED = 12;

const control = localStackControl();
let world: TestWorld;
let run: SinkRun;

beforeAll(async () => {
  world = await openTestWorld({ mongo: { serverSelectionTimeoutMS: 5_000 } });
  run = await newSinkRun(world, 'sink-outage', PARTITIONS);
});

afterAll(async () => {
  // The database back first: the sinks stop cleanly and the test database can be dropped.
  await control?.start('mongo');
  await world?.close();
});

test(
  'sink waits out a 60 s database outage mid-run: paused, not ready, same process, every id stored once, no DLQ',
  { skip: control === null /* needs the script-started local stack (npm test) to stop the database */ },
  async () => {
    const ids = Array.from({ length: 3 * PER_PHASE }, (_, i) => tweetId(SEED, i));
    const phase = (n: number) =>
      Array.from({ length: PER_PHASE }, (_, i) => cleanRecord(cleanTweet(ids[n * PER_PHASE + i]!, n * PER_PHASE + i)));
    const tweets = world.mongo.db(run.database).collection<{ _id: string }>('tweets');

    await world.sendAll(run.topics.clean, phase(0));
    const sink = await startSink(world, run, { SINK_RETRY_MAX_MS: '10000' });
    assert.ok(await waitFor(async () => (await tweets.estimatedDocumentCount()) >= 2_000, 60_000, 100), 'writing');

    await control!.stop('mongo');
    const stoppedAt = Date.now();
    // Records keep arriving during the outage; the sink must hold them back, not skip them.
    await world.sendAll(run.topics.clean, phase(1));
    assert.ok(
      await waitFor(async () => (await readiness(sink)).status === 503, 30_000, 500),
      '/readyz says not ready during the outage',
    );
    const during = await sink.metrics();
    assert.equal(metricValue(during, 'tweet_pipeline_sink_database_available'), 0, 'availability gauge is 0');
    assert.ok((metricValue(during, 'tweet_pipeline_sink_paused_partitions') ?? 0) > 0, 'partitions paused');
    const reason = (await readiness(sink)).reason ?? '';
    assert.match(reason, /database unavailable/);

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    assert.equal(sink.running, true, 'the sink survived the outage');
    await control!.start('mongo');
    process.stderr.write(`database was down for ${Math.round((Date.now() - stoppedAt) / 1000)} s\n`);
    await world.sendAll(run.topics.clean, phase(2));

    assert.ok(
      await waitFor(() => world.groupCaughtUp(run.groupId, run.topics.clean), 180_000, 1_000),
      'the sink resumed by itself and committed everything',
    );
    const stored = (await tweets.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    assert.equal(stored.length, ids.length, `stored ${stored.length} of ${ids.length}`);
    assert.deepEqual(new Set(stored), new Set(ids), 'every id once');

    const afterwards = await sink.metrics();
    assert.equal(metricValue(afterwards, 'tweet_pipeline_sink_database_available'), 1);
    assert.equal(metricValue(afterwards, 'tweet_pipeline_sink_paused_partitions'), 0);
    assert.equal((await readiness(sink)).status, 200, 'ready again');
    assert.equal((await readTopic(world.kafka, run.topics.dlq, { timeoutMs: 3_000 })).length, 0, 'no DLQ entries');
    assert.equal(sink.running, true, 'the same sink process, never restarted');
  },
);

test(
  'sink started while the database is down waits for it (alive, not ready), then stores what was produced',
  { skip: control === null /* needs the script-started local stack (npm test) to stop the database */ },
  async () => {
    const late: SinkRun = {
      ...run,
      topics: await world.topics('sink-late', PARTITIONS, ['clean', 'dlq']),
      groupId: uniqueName('sink-late-group'),
    };
    const ids = Array.from({ length: 2_000 }, (_, i) => tweetId(SEED + 1, i));
    await world.sendAll(
      late.topics.clean,
      ids.map((id, i) => cleanRecord(cleanTweet(id, i))),
    );
    try {
      await control!.stop('mongo');
      const lateSink = await startSink(world, late, { SINK_RETRY_MAX_MS: '2000' });
      assert.ok(await waitFor(async () => (await readiness(lateSink)).status === 503, 15_000, 250), 'answers /readyz');
      await sleep(8_000);
      assert.equal(lateSink.running, true, 'no crash while the database is missing');
      assert.match((await readiness(lateSink)).reason ?? '', /connecting/);
      await control!.start('mongo');
      assert.ok(
        await waitFor(() => world.groupCaughtUp(late.groupId, late.topics.clean), 60_000, 500),
        'stored and committed once the database came',
      );
      const stored = await world.mongo
        .db(late.database)
        .collection<{ _id: string }>('tweets')
        .countDocuments({ _id: { $gte: ids[0]!, $lte: ids.at(-1)! } });
      assert.equal(stored, ids.length);
      assert.equal(lateSink.running, true);
    } finally {
      await control!.start('mongo');
    }
  },
);
