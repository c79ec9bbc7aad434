import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { openTestWorld, readTopic, waitFor, type TestWorld } from '@tweet-pipeline/testkit';
import { cleanRecord, cleanTweet, tweetId } from './helpers/clean-tweets.js';
import { metricValue, newSinkRun, startSink, type SinkRun } from './helpers/sink-harness.js';

const PARTITIONS = 6;
const DISTINCT = 50_000;
const FIRST_WAVE = 30_000;
/** Ids produced a second time, later and in other batches: redeliveries the sink must recognise. */
const REPEATED = 5_000;
const SEED = 11;

let world: TestWorld;
let run: SinkRun;

beforeAll(async () => {
  world = await openTestWorld();
  run = await newSinkRun(world, 'sink-once', PARTITIONS);
});

afterAll(() => world?.close());

test('sink stores 50,000 clean tweets each exactly once through redelivered records and a SIGKILL mid-run', async () => {
  const ids = Array.from({ length: DISTINCT }, (_, i) => tweetId(SEED, i));
  const record = (i: number) => cleanRecord(cleanTweet(ids[i]!, i));
  const tweets = world.mongo.db(run.database).collection<{ _id: string }>('tweets');

  // Wave 1, then a crash with batches written but not committed: they come again after the restart.
  await world.sendAll(
    run.topics.clean,
    Array.from({ length: FIRST_WAVE }, (_, i) => record(i)),
  );
  const first = await startSink(world, run);
  assert.ok(
    await waitFor(async () => (await tweets.estimatedDocumentCount()) >= 12_000, 120_000, 200),
    'first sink writes',
  );
  first.kill('SIGKILL');
  await first.exited;
  // A bulk write the server was running when the process died still lands.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const storedAtCrash = await tweets.estimatedDocumentCount();

  // Wave 2: the rest, interleaved with 5,000 ids of wave 1 produced again (some twice within one send).
  const rest = Array.from({ length: DISTINCT - FIRST_WAVE }, (_, i) => record(FIRST_WAVE + i));
  const repeats = Array.from({ length: REPEATED }, (_, i) => record((i * 7) % FIRST_WAVE));
  const wave2 = rest.flatMap((r, i) => (i % 4 === 0 && repeats[i / 4] !== undefined ? [r, repeats[i / 4]!] : [r]));
  wave2.push(record(0), record(0), record(FIRST_WAVE));
  await world.sendAll(run.topics.clean, wave2);

  const second = await startSink(world, run);
  assert.ok(
    await waitFor(() => world.groupCaughtUp(run.groupId, run.topics.clean), 240_000, 1_000),
    'the restarted sink consumed and committed every record',
  );

  const stored = await tweets.find({}, { projection: { _id: 1 } }).toArray();
  const storedIds = stored.map((d) => d._id);
  assert.equal(storedIds.length, DISTINCT, `stored ${storedIds.length} documents for ${DISTINCT} ids`);
  assert.equal(new Set(storedIds).size, DISTINCT, 'no id twice');
  assert.deepEqual(new Set(storedIds), new Set(ids), 'exactly the produced ids');

  const metrics = await second.metrics();
  const alreadyPresent =
    metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'already_present' }) ?? 0;
  const inserted = metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'inserted' }) ?? 0;
  assert.ok(alreadyPresent >= REPEATED, `redeliveries recognised as already present (${alreadyPresent})`);
  assert.equal(inserted, DISTINCT - storedAtCrash, 'the second sink inserted exactly what the first had not');
  assert.equal(metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'failed' }), 0);
  const dlq = await readTopic(world.kafka, run.topics.dlq, { timeoutMs: 3_000 });
  assert.equal(dlq.length, 0, 'nothing dead-lettered');
  assert.equal(second.running, true);
});
