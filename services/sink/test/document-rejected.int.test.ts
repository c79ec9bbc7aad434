import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { DlqHeaders } from '@tweet-pipeline/contracts';
import { headerValue } from '@tweet-pipeline/kafka';
import { openTestWorld, readTopic, waitFor, type TestWorld } from '@tweet-pipeline/testkit';
import { cleanRecord, cleanTweet, tweetId } from './helpers/clean-tweets.js';
import { metricValue, newSinkRun, startSink, type SinkRun } from './helpers/sink-harness.js';

const SEED = 13;
let world: TestWorld;
let run: SinkRun;

beforeAll(async () => {
  world = await openTestWorld();
  // One partition: every record below arrives in the same batch, written by one bulk operation.
  run = await newSinkRun(world, 'sink-reject', 1);
});

afterAll(() => world?.close());

test('sink sends a document the server refuses to the DLQ with the reason and stores the rest of its batch', async () => {
  // A unique index besides _id makes the server refuse one specific document, on MongoDB and FerretDB alike
  // (FerretDB 1.24 has no $jsonSchema validators, and CleanTweet's keys are fixed).
  const tweets = world.mongo.db(run.database).collection<{ _id: string; text: string }>('tweets');
  await tweets.createIndex({ text: 1 }, { unique: true, name: 'text_unique' });
  await tweets.insertOne({ _id: '1', text: 'this text is taken' });
  const ids = Array.from({ length: 10 }, (_, i) => tweetId(SEED, i));
  // Already stored under its own id, with other content: a redelivery, which must not be rewritten.
  await tweets.insertOne({ _id: ids[3]!, text: 'stored before' });

  const records = ids.map((id, i) => cleanRecord(cleanTweet(id, i, i === 5 ? { text: 'this text is taken' } : {})));
  records.splice(7, 0, { key: tweetId(SEED, 99), value: '{"not": json' });
  // The client turns values into Buffers in place: keep the refused record's bytes as sent.
  const refusedBytes = records[5]!.value;
  await world.sendAll(run.topics.clean, records);

  const sink = await startSink(world, run);
  assert.ok(await waitFor(() => world.groupCaughtUp(run.groupId, run.topics.clean), 60_000, 500), 'batch committed');

  const stored = new Map((await tweets.find({}).toArray()).map((d) => [d._id, d.text]));
  for (const [i, id] of ids.entries()) {
    if (i === 5) assert.equal(stored.has(id), false, 'the refused document is not stored');
    else assert.ok(stored.has(id), `document ${i} of the batch stored`);
  }
  assert.equal(stored.get(ids[3]!), 'stored before', 'an already stored document is not rewritten');
  assert.equal(stored.size, 1 + 9, 'the pre-existing document and 9 of the 10');

  const dlq = await readTopic(world.kafka, run.topics.dlq, { count: 2, timeoutMs: 30_000, settleMs: 1_000 });
  assert.equal(dlq.length, 2, 'the refused document and the invalid record');
  const refused = dlq.find((r) => r.key === ids[5]);
  assert.ok(refused !== undefined, 'the refused document is in the DLQ under its key');
  assert.equal(headerValue(refused.headers, DlqHeaders.errorCode), 'DOCUMENT_REJECTED');
  assert.match(headerValue(refused.headers, DlqHeaders.errorMessage) ?? '', /11000|duplicate key/i);
  assert.equal(headerValue(refused.headers, DlqHeaders.sourceOffset), '5');
  assert.equal(headerValue(refused.headers, DlqHeaders.service), 'sink');
  assert.equal(refused.value?.toString('utf8'), refusedBytes, 'the original bytes, untouched');
  const invalid = dlq.find((r) => r.key === tweetId(SEED, 99));
  assert.equal(headerValue(invalid?.headers, DlqHeaders.errorCode), 'INVALID_JSON');

  const metrics = await sink.metrics();
  assert.equal(metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'inserted' }), 8);
  assert.equal(metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'already_present' }), 1);
  assert.equal(metricValue(metrics, 'tweet_pipeline_sink_documents_total', { result: 'failed' }), 1);
  assert.equal(
    metricValue(metrics, 'tweet_pipeline_dlq_messages_total', { service: 'sink', error_code: 'DOCUMENT_REJECTED' }),
    1,
  );
  assert.equal(sink.running, true);
});
