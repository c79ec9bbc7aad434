import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, test } from 'vitest';
import { openTestWorld, waitFor, type TestWorld } from '@tweet-pipeline/testkit';
import { newTrendsRun, startTrends, storedCounts, trendsOf } from './helpers/trends-harness.js';
import { expectedCounts, toRecord, tweetStream } from './helpers/tweet-stream.js';

// FerretDB's TLS listener of the local stack (tools/local-stack/local-stack.sh, exported by tools/dev/run.sh).
const cacheDir = process.env.TP_CACHE_DIR ?? join(homedir(), '.cache', 'tweet-pipeline');
const tlsDir = process.env.TP_MONGO_TLS_DIR ?? join(cacheDir, 'mongo-tls-1');
const tlsPort = Number(process.env.MONGO_TLS_PORT ?? Number(process.env.MONGO_PORT ?? 27017) + 1);
const tlsUri = process.env.MONGODB_TLS_URI ?? `mongodb://127.0.0.1:${tlsPort}/?tls=true`;
const ca = join(tlsDir, 'ca.pem');
const clientCertKey = join(tlsDir, 'client-cert-key.pem');

let world: TestWorld;

beforeAll(async () => {
  world = await openTestWorld();
});

afterAll(() => world?.close());

test('trends counts hashtags over TLS with the CA and client certificate named in the connection string', async () => {
  const run = await newTrendsRun(world, 'trends-tls', 2);
  const tweets = tweetStream(300, 5);
  await world.sendAll(run.topics.clean, tweets.map(toRecord));
  const uri = `${tlsUri}&tlsCAFile=${encodeURIComponent(ca)}&tlsCertificateKeyFile=${encodeURIComponent(clientCertKey)}`;
  const service = startTrends(world, run, { MONGODB_URI: uri });
  assert.ok(
    await waitFor(() => world.groupCaughtUp(run.groupId, run.topics.clean), 120_000, 500),
    'caught up over TLS',
  );
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  world.onClose(() => client.close());
  assert.deepEqual(await storedCounts(trendsOf(client, run)), expectedCounts(tweets));
  assert.match(readFileSync(service.spec.logFile, 'utf8'), /"connected to the database"/);
});
