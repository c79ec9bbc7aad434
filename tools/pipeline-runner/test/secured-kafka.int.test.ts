import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  freePort,
  openTestWorld,
  readTopic,
  testKafka,
  pipelineEnv,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

// The local stack's secured listeners, exported by tools/dev/run.sh when it starts the stack
// (local-stack.sh prints them): without them there is no secured broker to prove anything on.
const saslSslBrokers = process.env.KAFKA_SASL_SSL_BROKERS;
const tlsDir = process.env.KAFKA_TEST_TLS_DIR;
const secured = saslSslBrokers !== undefined && saslSslBrokers !== '' && tlsDir !== undefined && tlsDir !== '';
const NO_SECURE_BROKER =
  'needs the local stack SASL_SSL listener: set KAFKA_SASL_SSL_BROKERS and KAFKA_TEST_TLS_DIR (tools/dev/run.sh does)';

const TOTAL = 600;
const synthetic = { seed: 1212, musicRatio: 0.5, duplicateRatio: 0.1, invalidRatio: 0.02, startMs: 1_750_000_000_000 };
let world: TestWorld;
let topics: TestTopics;
let database: string;
let password = '';
let username = '';

beforeAll(async () => {
  assert.ok(secured, NO_SECURE_BROKER);
  password = readFileSync(join(tlsDir, 'sasl.password'), 'utf8').trim();
  username = readFileSync(join(tlsDir, 'sasl.username'), 'utf8').trim();
  world = await openTestWorld();
  topics = world.topicNames('secured');
  database = world.database('tp_secured');
});

afterAll(() => world?.close());

interface Started {
  readonly service: ServiceProcess;
  readonly port: number;
}

/** A service whose every Kafka client goes through the SASL_SSL listener only, as `mechanism`. */
async function startSecured(
  name: 'producer' | 'filter' | 'sink',
  mechanism: string,
  env: Record<string, string>,
): Promise<Started> {
  const port = await freePort();
  const prefix = name.toUpperCase();
  const service = world.startService({
    name,
    port,
    env: {
      ...pipelineEnv(topics, 6, database),
      KAFKA_BROKERS: saslSslBrokers ?? '',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: username,
      KAFKA_SSL_CA_LOCATION: join(tlsDir ?? '', 'ca.pem'),
      [`${prefix}_PORT`]: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  return { service, port };
}

function logOf(started: Started): string {
  return readFileSync(started.service.spec.logFile, 'utf8');
}

test(
  'producer -> filter -> sink through the SASL_SSL listener only (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN): every music tweet stored once, the password nowhere',
  { timeout: 300_000 },
  async () => {
    const source = new SyntheticTweets(synthetic);
    const expected = new Set<string>();
    let invalid = 0;
    for (let i = 0; i < TOTAL; i++) {
      const r = source.next();
      if (r.kind === 'tweet' && r.music) expected.add(r.key);
      if (r.kind === 'invalid') invalid++;
    }
    assert.ok(expected.size > 100);
    assert.ok(invalid > 0, 'some records go to the DLQ, so its headers are checked too');

    // One mechanism per service, so each of the three is proven on the real broker;
    // the sink reads its password from a file, the others from the variable.
    const sink = await startSecured('sink', 'PLAIN', { KAFKA_SASL_PASSWORD_FILE: join(tlsDir ?? '', 'sasl.password') });
    const filter = await startSecured('filter', 'SCRAM-SHA-256', { KAFKA_SASL_PASSWORD: password });
    const producer = await startSecured('producer', 'SCRAM-SHA-512', {
      KAFKA_SASL_PASSWORD: password,
      SYNTHETIC_COUNT: String(TOTAL),
      SYNTHETIC_RATE: '2000',
      SYNTHETIC_SEED: String(synthetic.seed),
      SYNTHETIC_MUSIC_RATIO: String(synthetic.musicRatio),
      SYNTHETIC_DUPLICATE_RATIO: String(synthetic.duplicateRatio),
      SYNTHETIC_INVALID_RATIO: String(synthetic.invalidRatio),
      SYNTHETIC_START_MS: String(synthetic.startMs),
    });

    const tweets = world.mongo.db(database).collection<{ _id: string }>('tweets');
    const reached = await waitFor(async () => (await tweets.countDocuments()) >= expected.size, 240_000, 1_000);
    assert.ok(reached, `expected ${expected.size} documents, found ${await tweets.countDocuments()}`);
    const stored = await tweets.find({}, { projection: { _id: 1 } }).toArray();
    assert.deepEqual(new Set(stored.map((d) => d._id)), expected);

    // The DLQ records (malformed input, refused by the filter) and their headers carry no secret.
    const dead = await readTopic(world.kafka, topics.dlq, { count: invalid, timeoutMs: 60_000 });
    assert.equal(dead.length, invalid);
    for (const record of dead) {
      const headers = JSON.stringify(
        Object.fromEntries(Object.entries(record.headers ?? {}).map(([k, v]) => [k, String(v)])),
      );
      assert.ok(!headers.includes(password), `DLQ header carries the password: ${headers}`);
      assert.ok(!(record.value?.toString('utf8') ?? '').includes(password));
    }

    for (const started of [sink, filter, producer]) {
      assert.equal(started.service.running, true, `${started.service.spec.name} still running`);
      assert.ok(!logOf(started).includes(password), `${started.service.spec.name} logged the SASL password`);
      assert.ok(!(await started.service.metrics()).includes(password), `${started.service.spec.name} /metrics`);
    }
  },
);

test(
  'a wrong password: one error line naming the broker and the mechanism, /readyz says why, no crash loop, no secret',
  { timeout: 120_000 },
  async () => {
    const wrong = `wrong-${password.slice(0, 6)}-not-it`;
    const sink = await startSecured('sink', 'SCRAM-SHA-512', { KAFKA_SASL_PASSWORD: wrong });
    let reason = '';
    const explained = await waitFor(
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${sink.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
          reason = await res.text();
          return res.status === 503 && /authentication/i.test(reason);
        } catch {
          return false;
        }
      },
      60_000,
      500,
    );
    assert.ok(explained, `/readyz: ${reason}`);
    assert.match(reason, /SCRAM-SHA-512/);
    // Long enough for librdkafka to retry several times: it must still be one line.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const lines = logOf(sink)
      .split('\n')
      .filter((line) => /authentication failed/i.test(line));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', new RegExp(saslSslBrokers?.split(',')[0]?.replace('.', '\\.') ?? 'x'));
    assert.match(lines[0] ?? '', /SCRAM-SHA-512/);
    assert.equal(sink.service.running, true, 'the sink stays up, retrying');
    assert.ok(!logOf(sink).includes(wrong), 'the wrong password is logged');
    assert.ok(!(await sink.service.metrics()).includes(wrong), 'the wrong password is in /metrics');
    await sink.service.stop();
  },
);

test(
  'an untrusted CA: one error line naming the broker and the TLS failure, /readyz says why, no crash loop',
  { timeout: 120_000 },
  async () => {
    const sink = await startSecured('sink', 'SCRAM-SHA-256', {
      KAFKA_SASL_PASSWORD: password,
      KAFKA_SSL_CA_LOCATION: join(tlsDir ?? '', 'untrusted-ca.pem'),
    });
    let reason = '';
    const explained = await waitFor(
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${sink.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
          reason = await res.text();
          return res.status === 503 && /certificate/i.test(reason);
        } catch {
          return false;
        }
      },
      60_000,
      500,
    );
    assert.ok(explained, `/readyz: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const lines = logOf(sink)
      .split('\n')
      .filter((line) => /TLS handshake failed/i.test(line));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(sink.service.running, true, 'the sink stays up, retrying');
    assert.ok(!logOf(sink).includes(password), 'the password is logged');
    await sink.service.stop();
  },
);

const sslBrokers = process.env.KAFKA_SSL_BROKERS;

test(
  'mutual TLS on the SSL listener: a client certificate with an encrypted key connects; without it the broker refuses',
  { timeout: 120_000 },
  async () => {
    assert.ok(sslBrokers !== undefined && sslBrokers !== '', 'needs KAFKA_SSL_BROKERS (tools/dev/run.sh sets it)');
    const dir = tlsDir ?? '';
    const brokers = (sslBrokers ?? '').split(',');
    const ssl = {
      caLocation: join(dir, 'ca.pem'),
      certificateLocation: join(dir, 'client.pem'),
      keyLocation: join(dir, 'client-encrypted.key'),
      keyPassword: readFileSync(join(dir, 'client-key.password'), 'utf8').trim(),
      endpointIdentification: 'https' as const,
    };
    const admin = testKafka(brokers, { protocol: 'SSL', ssl }).admin();
    await admin.connect();
    try {
      const topic = `${topics.raw}-mtls`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      assert.ok((await admin.listTopics()).includes(topic));
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }

    // The same CA but no client certificate: the SSL listener requires one.
    const anonymous = testKafka(brokers, {
      protocol: 'SSL',
      ssl: { caLocation: ssl.caLocation, endpointIdentification: 'https' },
    }).admin();
    await anonymous.connect();
    try {
      await assert.rejects(anonymous.listTopics());
    } finally {
      await anonymous.disconnect();
    }
  },
);
