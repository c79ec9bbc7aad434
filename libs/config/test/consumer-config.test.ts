import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConsumerConfig } from '../src/index.js';

const load = (env: Record<string, string>) =>
  loadConsumerConfig(env, {
    service: 'top-links',
    port: 9105,
    maxBatchSize: 250,
    settings: { TOP_LINKS_COLLECTION: z.string().default('top_links'), TOP_LINKS_TOP_N: z.coerce.number().default(10) },
  });

test('loadConsumerConfig derives group, client id and variable names from the service name', () => {
  const config = load({});
  assert.equal(config.service, 'top-links');
  assert.equal(config.port, 9105);
  assert.equal(config.groupId, 'tweet-pipeline-top-links');
  assert.match(config.kafka.clientId, /^tweet-pipeline-top-links-/);
  assert.equal(config.maxBatchSize, 250);
  assert.deepEqual(config.retry, { minMs: 100, maxMs: 30_000 });
  assert.equal(config.topics.names.clean, 'tweets.clean');
  assert.deepEqual(config.mongo, { uri: 'mongodb://127.0.0.1:27017', database: 'tweet_pipeline' });
  assert.deepEqual(config.settings, { TOP_LINKS_COLLECTION: 'top_links', TOP_LINKS_TOP_N: 10 });
  assert.ok(Object.isFrozen(config.mongo));
});

test('loadConsumerConfig reads the service-prefixed variables and its own settings', () => {
  const config = load({
    TOP_LINKS_PORT: '0',
    TOP_LINKS_GROUP_ID: 'g',
    TOP_LINKS_MAX_BATCH_SIZE: '7',
    TOP_LINKS_RETRY_MIN_MS: '5',
    TOP_LINKS_RETRY_MAX_MS: '50',
    TOP_LINKS_TOP_N: '3',
    KAFKA_BROKERS: 'a:1, b:2',
    TOPIC_CLEAN: 'c',
  });
  assert.equal(config.port, 0);
  assert.equal(config.groupId, 'g');
  assert.equal(config.maxBatchSize, 7);
  assert.deepEqual(config.retry, { minMs: 5, maxMs: 50 });
  assert.equal(config.settings.TOP_LINKS_TOP_N, 3);
  assert.deepEqual(config.kafka.brokers, ['a:1', 'b:2']);
  assert.equal(config.topics.names.clean, 'c');
});

test('loadConsumerConfig reads MONGODB_URI from MONGODB_URI_FILE', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'consumer-config-')), 'uri');
  writeFileSync(file, 'mongodb://user:secret@db:27017/?tls=true\n');
  assert.equal(load({ MONGODB_URI_FILE: file }).mongo.uri, 'mongodb://user:secret@db:27017/?tls=true');
});

test('loadConsumerConfig names every bad variable without echoing its value', () => {
  assert.throws(
    () => load({ TOP_LINKS_PORT: '70000', MONGODB_URI: 'postgres://secret', TOP_LINKS_TOP_N: 'many' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      ['TOP_LINKS_PORT', 'MONGODB_URI', 'TOP_LINKS_TOP_N'].every((v) => err.variables.includes(v)) &&
      !err.message.includes('secret'),
  );
  assert.throws(
    () => load({ TOP_LINKS_RETRY_MIN_MS: '500', TOP_LINKS_RETRY_MAX_MS: '100' }),
    (err: unknown) => err instanceof ConfigError && err.variables.includes('TOP_LINKS_RETRY_MAX_MS'),
  );
});
