import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { deleteTopics, ensureTopics } from '../src/admin.js';
import type { Kafka } from '../src/client.js';
import { KafkaPipelineError } from '../src/errors.js';
import { MIN_MAX_MESSAGE_BYTES } from '../src/topic-config-check.js';
import { topicConfigReader } from '../src/topic-config-reader.js';
import { pipelineTopicSpecs } from '../src/topic-specs.js';
import { brokers, log, NO_BROKER, testKafka, uniqueName } from './helpers/test-broker.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const names = {
  raw: uniqueName('check-raw'),
  clean: uniqueName('check-clean'),
  dedupeState: uniqueName('check-state'),
  dlq: uniqueName('check-dlq'),
};
const specs = pipelineTopicSpecs({ names, partitions: 3, replicationFactor: 1, dedupeWindowMs: DAY_MS });
let kafka: Kafka;

beforeAll(() => {
  if (brokers !== undefined) kafka = testKafka();
});

afterAll(async () => {
  if (brokers !== undefined) await deleteTopics(kafka, Object.values(names));
});

test('ensureTopics refuses an existing dedupe-state topic made without compaction, naming setting, found and needed', async () => {
  assert.ok(brokers !== undefined, NO_BROKER);
  // Made by hand as a team might have: same partitions, but a plain delete policy and a small record limit.
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic: names.dedupeState,
        numPartitions: 3,
        replicationFactor: 1,
        configEntries: [
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'max.message.bytes', value: '524288' },
        ],
      },
    ],
  });
  await admin.disconnect();

  const read = await topicConfigReader({ brokers: brokers, clientId: 'check-test' })([names.dedupeState]);
  assert.equal(read.get(names.dedupeState)?.get('cleanup.policy'), 'delete', 'DescribeConfigs read the real setting');

  const err = await ensureTopics(kafka, [specs.dedupeState], log).catch((e: unknown) => e);
  assert.ok(err instanceof KafkaPipelineError, String(err));
  assert.equal(err.code, 'TOPIC_CONFIG_MISMATCH');
  assert.equal(err.retriable, false);
  assert.match(
    err.message,
    new RegExp(`topic ${names.dedupeState}: cleanup.policy is delete, the pipeline needs compact,delete`),
  );
  assert.match(
    err.message,
    new RegExp(
      `topic ${names.dedupeState}: max.message.bytes is 524288, the pipeline needs >= ${MIN_MAX_MESSAGE_BYTES}`,
    ),
  );
});

test('ensureTopics accepts topics it created itself, configuration read back from the broker', async () => {
  assert.ok(brokers !== undefined, NO_BROKER);
  const mine = [specs.raw, specs.clean];
  await ensureTopics(kafka, mine, log);
  // Second call: the topics exist now and are checked, not created.
  await ensureTopics(kafka, mine, log);
});

// The local stack's SASL_SSL listener (tools/local-stack/local-stack.sh): the second client reads
// configurations through it with the same KafkaSecurity as the main client.
const kafkaPort = Number(brokers?.[0]?.split(':')[1] ?? 9092);
const saslSslPort = Number(process.env.KAFKA_SASL_SSL_PORT ?? kafkaPort + 2);
const tlsDir = join(process.env.TP_CACHE_DIR ?? join(homedir(), '.cache', 'tweet-pipeline'), 'kafka-tls-1');

test('topicConfigReader reads through a SASL_SSL listener (SCRAM-SHA-512, custom CA) and fails without leaking the password', async () => {
  assert.ok(brokers !== undefined, NO_BROKER);
  const password = readFileSync(join(tlsDir, 'sasl.password'), 'utf8').trim();
  const security = (secret: string) =>
    ({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'tp_client', password: secret },
      ssl: { caLocation: join(tlsDir, 'ca.pem'), endpointIdentification: 'https' },
    }) as const;
  const read = topicConfigReader({
    brokers: [`127.0.0.1:${saslSslPort}`],
    clientId: 'check-test',
    security: security(password),
  });
  const configs = await read(['__consumer_offsets']);
  assert.equal(configs.get('__consumer_offsets')?.get('cleanup.policy'), 'compact');

  const wrong = 'wrong-password-Zq9';
  const refused = topicConfigReader({
    brokers: [`127.0.0.1:${saslSslPort}`],
    clientId: 'check-test',
    security: security(wrong),
  });
  const err = await refused(['__consumer_offsets']).catch((e: unknown) => e);
  assert.ok(err instanceof Error, 'a wrong password is refused');
  assert.doesNotMatch(`${err.message} ${JSON.stringify(err)}`, new RegExp(wrong));
});
