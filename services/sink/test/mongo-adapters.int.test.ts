import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { MongoClient, type Collection } from 'mongodb';
import { createLogger } from '@tweet-pipeline/observability';
import { openTestWorld, type TestWorld } from '@tweet-pipeline/testkit';
import { DuplicateResolver } from '../src/duplicate-resolver.js';
import { SinkError } from '../src/errors.js';
import { ensureIndexes, TTL_INDEX_NAME, TWEET_INDEXES } from '../src/indexes.js';
import { probeWrite } from '../src/mongo-connection.js';
import { insertBatch } from '../src/mongo-writer.js';
import { describeServer, type ServerInfo } from '@tweet-pipeline/mongo';
import { toDocument, type TweetDocument } from '../src/to-document.js';
import { cleanTweet, tweetId } from './helpers/clean-tweets.js';

const SEED = 15;
const log = createLogger({ service: 'test', level: 'silent' });
let world: TestWorld;
let database: string;
let server: ServerInfo;

const fresh = (name: string): Collection<TweetDocument> => world.mongo.db(database).collection<TweetDocument>(name);
const documents = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => toDocument(cleanTweet(tweetId(SEED, from + i), from + i)));

beforeAll(async () => {
  world = await openTestWorld();
  database = world.database('tp_sink_adapters');
  server = describeServer(await world.mongo.db('admin').command({ buildInfo: 1 }));
});

afterAll(() => world?.close());

test('ensureIndexes creates the query indexes idempotently and reports whether retention is enforced', async () => {
  const collection = fresh('indexes');
  assert.equal(await ensureIndexes(collection, null, log), 'none');
  assert.equal(await ensureIndexes(collection, null, log), 'none', 'a second start changes nothing');
  const names = (await collection.listIndexes().toArray()).map((index) => index.name);
  for (const index of TWEET_INDEXES) assert.ok(names.includes(index.name), index.name);

  const retention = await ensureIndexes(collection, 7 * 86_400, log);
  if (server.gaps.includes('ttl-index')) {
    assert.equal(retention, 'unsupported', `${server.kind} has no TTL: warned, not failed`);
  } else {
    assert.equal(retention, 'enabled');
    assert.equal(await ensureIndexes(collection, 7 * 86_400, log), 'enabled', 'same expiry again');
    assert.equal(await ensureIndexes(collection, 30 * 86_400, log), 'updated', 'a new expiry changes the index');
    const ttl = (await collection.listIndexes().toArray()).find((index) => index.name === TTL_INDEX_NAME);
    assert.equal(ttl?.expireAfterSeconds, 30 * 86_400);
  }
});

test('probeWrite passes with w: majority and w: 1, and an unsatisfiable w is refused or ignored by the server', async () => {
  const collection = fresh('write-concern');
  await probeWrite(collection, { w: 'majority', wtimeoutMS: 5_000 });
  await probeWrite(collection, { w: 1, wtimeoutMS: 5_000 });
  const unsatisfiable = probeWrite(collection, { w: 50, wtimeoutMS: 1_000 });
  if (server.gaps.includes('write-concern')) {
    await unsatisfiable; // FerretDB accepts any write concern: there is no replication to wait for.
  } else {
    await assert.rejects(unsatisfiable, (err) => err instanceof SinkError && err.code === 'DATABASE_REFUSED');
  }
});

test('insertBatch stores new documents, counts a stored id as already present and refuses a unique-index collision', async () => {
  const collection = fresh('insert');
  await collection.createIndex({ text: 1 }, { unique: true, name: 'text_unique' });
  const batch = documents(0, 6);
  await collection.insertOne(batch[1]!);
  await collection.insertOne({ ...documents(100, 1)[0]!, text: batch[4]!.text });
  const duplicates = new DuplicateResolver(collection);

  const result = await insertBatch(collection, batch, {
    writeConcern: { w: 'majority', wtimeoutMS: 5_000 },
    duplicates,
  });
  assert.equal(result.kind, 'settled');
  if (result.kind !== 'settled') return;
  assert.deepEqual(
    result.inserted.map((d) => d._id),
    [0, 2, 3, 5].map((i) => batch[i]!._id),
  );
  assert.deepEqual(
    result.alreadyPresent.map((d) => d._id),
    [batch[1]!._id],
  );
  assert.deepEqual(
    result.rejected.map((r) => [r.document._id, r.code]),
    [[batch[4]!._id, 11000]],
  );
  assert.equal(result.retry.length, 0);
  assert.equal(await collection.countDocuments(), 6, '4 new + 2 stored before');
});

test('insertBatch and probeWrite report an unreachable database as retriable, never as refused', async () => {
  const unreachable = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 300, retryWrites: false });
  try {
    const collection = unreachable.db('x').collection<TweetDocument>('tweets');
    const result = await insertBatch(collection, documents(200, 2), {
      writeConcern: { w: 1, wtimeoutMS: 1_000 },
      duplicates: new DuplicateResolver(collection),
    });
    assert.equal(result.kind, 'batch_failed');
    assert.equal(result.kind === 'batch_failed' && result.retriable, true);
    await assert.rejects(probeWrite(collection, { w: 1, wtimeoutMS: 1_000 }), (err) => !(err instanceof SinkError));
  } finally {
    await unreachable.close();
  }
});
