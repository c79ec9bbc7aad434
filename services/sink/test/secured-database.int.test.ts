import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, test } from 'vitest';
import { freePort, openTestWorld, waitFor, type TestWorld } from '@tweet-pipeline/testkit';
import { cleanRecord, cleanTweet, tweetId } from './helpers/clean-tweets.js';
import { newSinkRun, readiness, startSink } from './helpers/sink-harness.js';

// FerretDB's TLS listener of the local stack (tools/local-stack/local-stack.sh, exported by tools/dev/run.sh).
const cacheDir = process.env.TP_CACHE_DIR ?? join(homedir(), '.cache', 'tweet-pipeline');
const tlsDir = process.env.TP_MONGO_TLS_DIR ?? join(cacheDir, 'mongo-tls-1');
const tlsPort = Number(process.env.MONGO_TLS_PORT ?? Number(process.env.MONGO_PORT ?? 27017) + 1);
const tlsUri = process.env.MONGODB_TLS_URI ?? `mongodb://127.0.0.1:${tlsPort}/?tls=true`;
const ca = join(tlsDir, 'ca.pem');
const clientCertKey = join(tlsDir, 'client-cert-key.pem');
const SECRET = 'Q7-never-logged-9Z';
const TWEETS = 200;

let world: TestWorld;
const tlsClient = (uri = tlsUri, options = {}) =>
  new MongoClient(uri, {
    tlsCAFile: ca,
    tlsCertificateKeyFile: clientCertKey,
    serverSelectionTimeoutMS: 5_000,
    ...options,
  });

beforeAll(async () => {
  world = await openTestWorld();
});

afterAll(() => world?.close());

async function sendTweets(topic: string, seed: number): Promise<string[]> {
  const ids = Array.from({ length: TWEETS }, (_, i) => tweetId(seed, i));
  await world.sendAll(
    topic,
    ids.map((id, i) => cleanRecord(cleanTweet(id, i))),
  );
  return ids;
}

test('sink stores tweets over TLS with a custom CA and a client certificate given as separate variables', async () => {
  const run = await newSinkRun(world, 'sink-tls', 2);
  const ids = await sendTweets(run.topics.clean, 31);
  const sink = await startSink(world, run, {
    // No TLS option in the string: the variables alone turn TLS on. The key password is a secret in
    // a query option (the key is not encrypted, so the server accepts it): no log line may show it.
    MONGODB_URI: `mongodb://127.0.0.1:${new URL(tlsUri).port}/?tlsCertificateKeyFilePassword=${SECRET}`,
    MONGODB_TLS_CA_FILE: ca,
    MONGODB_TLS_CERT_KEY_FILE: clientCertKey,
  });
  const client = tlsClient();
  world.onClose(() => client.close());
  const tweets = client.db(run.database).collection<{ _id: string; text: string }>('tweets');
  assert.ok(
    await waitFor(async () => (await tweets.countDocuments()) === TWEETS, 120_000, 500),
    'every tweet stored over TLS',
  );
  const stored = await tweets.findOne({ _id: ids[7]! });
  assert.equal(stored?._id, ids[7]);
  assert.match(stored?.text ?? '', /number 7$/);
  assert.equal((await readiness(sink)).status, 200);

  const log = readFileSync(sink.spec.logFile, 'utf8');
  assert.match(log, /"connected to the database"/);
  assert.match(log, /tlsCertificateKeyFilePassword=\*\*\*/);
  assert.doesNotMatch(log, new RegExp(SECRET));
});

test('sink does not trust a server whose certificate another CA signed: /readyz says why, no data', async () => {
  const run = await newSinkRun(world, 'sink-tls-untrusted', 1);
  const sink = await startSink(world, run, {
    MONGODB_URI: tlsUri,
    MONGODB_TLS_CA_FILE: join(tlsDir, 'untrusted-ca.pem'),
    MONGODB_TLS_CERT_KEY_FILE: clientCertKey,
  });
  assert.ok(
    await waitFor(async () => (await readiness(sink)).reason === 'connecting to the database', 30_000, 300),
    'not ready while the server is not trusted',
  );
  await waitFor(() => readFileSync(sink.spec.logFile, 'utf8').includes('certificate'), 30_000, 300);
  assert.match(
    readFileSync(sink.spec.logFile, 'utf8'),
    /connect to mongodb:\/\/127\.0\.0\.1:\d+\/\?tls=true failed; retrying/,
  );
  assert.equal(sink.running, true, 'waits, does not crash');
});

/** A FerretDB of its own with authentication on (SCRAM) and TLS, on free ports, stopped by world.close(). */
async function startAuthFerret(user: string, password: string): Promise<{ port: number }> {
  const binary = process.env.TP_FERRETDB_BIN ?? join(cacheDir, 'ferretdb-1.24.2', 'bin', 'ferretdb');
  const dir = mkdtempSync(join(tmpdir(), 'ferret-auth-'));
  const [plain, tls] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${plain}`,
      `--listen-tls=127.0.0.1:${tls}`,
      `--listen-tls-cert-file=${join(tlsDir, 'server.pem')}`,
      `--listen-tls-key-file=${join(tlsDir, 'server.key')}`,
      `--listen-tls-ca-file=${ca}`,
      '--state-dir=-',
      '--debug-addr=-',
      '--telemetry=disable',
      '--test-enable-new-auth',
      '--setup-database=tweet_pipeline_auth',
      `--setup-username=${user}`,
      `--setup-password=${password}`,
    ],
    { env: { ...process.env, FERRETDB_TELEMETRY: 'disable' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  world.onClose(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve).once('error', resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  assert.ok(await waitFor(async () => output.includes('Listening on TLS'), 30_000, 100), `FerretDB started: ${output}`);
  return { port: tls };
}

test('sink authenticates with MONGODB_USERNAME and MONGODB_PASSWORD_FILE over TLS (FerretDB with SCRAM on)', async () => {
  const password = `${SECRET}-pw`;
  const { port } = await startAuthFerret('tp_sink', password);
  const dir = mkdtempSync(join(tmpdir(), 'sink-secret-'));
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`);
  world.onClose(async () => rmSync(dir, { recursive: true, force: true }));
  const run = { ...(await newSinkRun(world, 'sink-auth', 1)), database: 'tweet_pipeline_auth' };
  await sendTweets(run.topics.clean, 32);
  const uri = `mongodb://127.0.0.1:${port}/`;
  const sink = await startSink(world, run, {
    MONGODB_URI: uri,
    MONGODB_USERNAME: 'tp_sink',
    MONGODB_PASSWORD_FILE: passwordFile,
    MONGODB_AUTH_SOURCE: 'tweet_pipeline_auth',
    MONGODB_AUTH_MECHANISM: 'SCRAM-SHA-256',
    MONGODB_TLS_CA_FILE: ca,
    MONGODB_TLS_CERT_KEY_FILE: clientCertKey,
  });
  const client = tlsClient(uri, {
    auth: { username: 'tp_sink', password },
    authSource: 'tweet_pipeline_auth',
    tls: true,
  });
  world.onClose(() => client.close());
  const tweets = client.db(run.database).collection('tweets');
  assert.ok(await waitFor(async () => (await tweets.countDocuments()) === TWEETS, 120_000, 500), 'stored with auth');
  assert.doesNotMatch(readFileSync(sink.spec.logFile, 'utf8'), new RegExp(SECRET));

  // Without credentials the same server refuses: the stored tweets above went through the login.
  const anonymous = tlsClient(uri, { tls: true });
  world.onClose(() => anonymous.close());
  await assert.rejects(anonymous.db(run.database).collection('tweets').countDocuments(), /authentication/i);
});
