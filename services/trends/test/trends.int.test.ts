import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { DlqHeaders } from '@tweet-pipeline/contracts';
import { headerValue } from '@tweet-pipeline/kafka';
import {
  localStackControl,
  openTestWorld,
  readTopic,
  uniqueName,
  waitFor,
  type ServiceProcess,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import {
  metricValue,
  newTrendsRun,
  readyStatus,
  scrape,
  startTrends,
  storedCounts,
  totalCount,
  trendsOf,
  type TrendsRun,
} from './helpers/trends-harness.js';
import { expectedCounts, toRecord, tweetStream } from './helpers/tweet-stream.js';

const PARTITIONS = 3;
let world: TestWorld;

beforeAll(async () => {
  world = await openTestWorld();
});

afterAll(() => world?.close());

const newRun = (prefix: string): Promise<TrendsRun> => newTrendsRun(world, prefix, PARTITIONS);
const start = (run: TrendsRun, env: Record<string, string> = {}): ServiceProcess => startTrends(world, run, env);
const caughtUp = (run: TrendsRun) => () => world.groupCaughtUp(run.groupId, run.topics.clean);

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

test('trends counts hashtags per minute from tweets.clean and dead-letters invalid records', async () => {
  const run = await newRun('trends-count');
  const tweets = tweetStream(1_200, 1);
  const expected = expectedCounts(tweets);
  const records = tweets.map(toRecord);
  records.splice(100, 0, { key: '1', value: '{"schema_version":1,"id":"1", "text": "cut' });
  records.splice(700, 0, { key: '2', value: JSON.stringify({ ...tweets[0], id: 2, hashtags: ['music'] }) });
  await world.sendAll(run.topics.clean, records);

  const service = start(run);
  const trends = trendsOf(world.mongo, run);
  assert.ok(await waitFor(caughtUp(run), 90_000, 500), 'caught up');

  assert.deepEqual(await storedCounts(trends), expected);
  assert.equal(await totalCount(trends), sum(expected));
  const jazz = await trends.findOne({ _id: [...expected.keys()].find((id) => id.endsWith('|jazz'))! });
  assert.ok(jazz?.minute instanceof Date && jazz.hashtag === 'jazz');
  assert.equal(jazz._id, `${jazz.minute.toISOString().slice(0, 16)}Z|jazz`);

  const dead = await readTopic(world.kafka, run.topics.dlq, { count: 2, timeoutMs: 30_000 });
  assert.deepEqual(dead.map((r) => headerValue(r.headers, DlqHeaders.errorCode)).sort(), [
    'INVALID_JSON',
    'SCHEMA_VIOLATION',
  ]);
  assert.ok(dead.every((r) => headerValue(r.headers, DlqHeaders.service) === 'trends'));

  const metrics = await scrape(service);
  assert.equal(metricValue(metrics, 'tweet_pipeline_trends_hashtags_counted_total'), sum(expected));
  assert.ok((metricValue(metrics, 'tweet_pipeline_trends_batches_total', { result: 'applied' }) ?? 0) > 0);
  assert.equal(metricValue(metrics, 'tweet_pipeline_trends_batches_total', { result: 'already_applied' }), 0);
  assert.equal(
    metricValue(metrics, 'tweet_pipeline_dlq_messages_total', { service: 'trends', error_code: 'INVALID_JSON' }),
    1,
  );
  const lag = metricValue(metrics, 'tweet_pipeline_consumer_lag', { group: run.groupId, topic: run.topics.clean });
  assert.equal(typeof lag, 'number', 'consumer lag reported for the group');
  assert.equal(service.running, true);
});

test('trends counts exactly once through a SIGKILL mid-run and a restart in the same group', async () => {
  const run = await newRun('trends-kill');
  const tweets = tweetStream(12_000, 2);
  const expected = expectedCounts(tweets);
  await world.sendAll(run.topics.clean, tweets.map(toRecord));
  const trends = trendsOf(world.mongo, run);

  // Small batches: many write-then-commit windows for the kill to land in.
  const first = start(run, { TRENDS_MAX_BATCH_SIZE: '40' });
  assert.ok(await waitFor(async () => (await totalCount(trends)) >= sum(expected) / 4, 120_000, 50), 'first counts');
  first.kill('SIGKILL');
  await first.exited;
  // A bulk write the server was running when the process died still lands.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const countedAtKill = await totalCount(trends);
  assert.ok(countedAtKill < sum(expected), `killed mid-run (${countedAtKill} of ${sum(expected)})`);

  const second = start(run, { TRENDS_MAX_BATCH_SIZE: '40' });
  assert.ok(await waitFor(caughtUp(run), 180_000, 500), 'caught up');
  assert.deepEqual(await storedCounts(trends), expected);
  const metrics = await scrape(second);
  const countedBySecond = metricValue(metrics, 'tweet_pipeline_trends_hashtags_counted_total');
  assert.equal(countedBySecond, sum(expected) - countedAtKill, 'the restart counted exactly what was missing');
  const redelivered = metricValue(metrics, 'tweet_pipeline_trends_batches_total', { result: 'already_applied' });
  console.log(`# killed at ${countedAtKill}/${sum(expected)}; batches redelivered already applied: ${redelivered}`);
});

test('trends does not count again when a new group replays the whole topic', async () => {
  const run = await newRun('trends-replay');
  const tweets = tweetStream(3_000, 3);
  const expected = expectedCounts(tweets);
  await world.sendAll(run.topics.clean, tweets.map(toRecord));
  const trends = trendsOf(world.mongo, run);
  const first = start(run, { TRENDS_MAX_BATCH_SIZE: '100' });
  assert.ok(await waitFor(caughtUp(run), 90_000, 500), 'first caught up');
  await first.stop();

  // Every batch delivered again, from offset 0 and with other boundaries: an offset reset or a lost commit.
  const replay = { ...run, groupId: uniqueName('trends-replay-group') };
  const second = start(replay, { TRENDS_MAX_BATCH_SIZE: '73' });
  assert.ok(await waitFor(caughtUp(replay), 90_000, 500), 'replayed');
  assert.deepEqual(await storedCounts(trends), expected);
  const metrics = await scrape(second);
  assert.equal(metricValue(metrics, 'tweet_pipeline_trends_hashtags_counted_total'), 0);
  assert.ok((metricValue(metrics, 'tweet_pipeline_trends_batches_total', { result: 'already_applied' }) ?? 0) > 0);
  assert.equal(metricValue(metrics, 'tweet_pipeline_trends_batches_total', { result: 'applied' }), 0);
});

const stackControl = localStackControl();

test(
  'trends waits out a database outage, unready meanwhile, and counts exactly once after it',
  { skip: stackControl === null /* needs the script-started local stack (TP_LOCAL_STACK) */ },
  async () => {
    const run = await newRun('trends-outage');
    const tweets = tweetStream(4_000, 4);
    await world.sendAll(run.topics.clean, tweets.slice(0, 2_000).map(toRecord));
    const trends = trendsOf(world.mongo, run);
    const service = start(run, { TRENDS_MAX_BATCH_SIZE: '200', TRENDS_RETRY_MAX_MS: '2000' });
    assert.ok(await waitFor(caughtUp(run), 90_000, 500), 'first half');

    await stackControl!.stop('mongo');
    try {
      await world.sendAll(run.topics.clean, tweets.slice(2_000).map(toRecord));
      assert.ok(await waitFor(async () => (await readyStatus(service)) === 503, 60_000, 250), 'unready while down');
    } finally {
      await stackControl!.start('mongo');
    }
    assert.ok(await waitFor(caughtUp(run), 120_000, 500), 'caught up');
    assert.deepEqual(await storedCounts(trends), expectedCounts(tweets));
    assert.equal(await readyStatus(service), 200);
    assert.equal(service.running, true);
  },
);
