import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { loadSinkConfig } from '../src/config.js';

test('loadSinkConfig applies the documented defaults', () => {
  const config = loadSinkConfig({});
  assert.equal(config.port, 9103);
  assert.equal(config.groupId, 'tweet-pipeline-sink');
  assert.deepEqual(config.batch, { maxSize: 1_000, maxWaitMs: 200 });
  assert.deepEqual(config.retry, { minMs: 200, maxMs: 30_000 });
  assert.equal(config.mongo.uri, 'mongodb://127.0.0.1:27017');
  assert.deepEqual(config.mongo.writeConcern, { w: 'majority', wtimeoutMS: 10_000 });
  assert.equal(config.mongo.writeTimeoutMs, 30_000);
  assert.equal(config.ttlSeconds, null);
  assert.equal(config.topics.names.clean, 'tweets.clean');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.mongo));
});

test('loadSinkConfig reads every sink variable', () => {
  const config = loadSinkConfig({
    SINK_MAX_BATCH_SIZE: '500',
    SINK_MAX_WAIT_MS: '0',
    SINK_RETRY_MIN_MS: '100',
    SINK_RETRY_MAX_MS: '5000',
    SINK_WRITE_TIMEOUT_MS: '9000',
    SINK_TTL_DAYS: '30',
    MONGODB_WRITE_CONCERN: '1',
    MONGODB_WRITE_CONCERN_TIMEOUT_MS: '2000',
    MONGODB_DATABASE: 'db',
    MONGODB_COLLECTION: 'c',
  });
  assert.deepEqual(config.batch, { maxSize: 500, maxWaitMs: 0 });
  assert.deepEqual(config.retry, { minMs: 100, maxMs: 5_000 });
  assert.equal(config.mongo.writeTimeoutMs, 9_000);
  assert.equal(config.ttlSeconds, 30 * 86_400);
  assert.deepEqual(config.mongo.writeConcern, { w: 1, wtimeoutMS: 2_000 });
  assert.equal(config.mongo.database, 'db');
});

test('loadSinkConfig takes the connection string from MONGODB_URI_FILE', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sink-config-')), 'uri');
  writeFileSync(file, 'mongodb://sink:s3cret@db.example:27017/?tls=true\n');
  assert.equal(
    loadSinkConfig({ MONGODB_URI_FILE: file }).mongo.uri,
    'mongodb://sink:s3cret@db.example:27017/?tls=true',
  );
});

test('loadSinkConfig names the bad variable and never echoes a secret', () => {
  const cases: [Record<string, string>, string][] = [
    [{ MONGODB_WRITE_CONCERN: '0' }, 'MONGODB_WRITE_CONCERN'],
    [{ SINK_RETRY_MIN_MS: '5000', SINK_RETRY_MAX_MS: '100' }, 'SINK_RETRY_MAX_MS'],
    [{ SINK_MAX_BATCH_SIZE: '0' }, 'SINK_MAX_BATCH_SIZE'],
    [{ SINK_MAX_WAIT_MS: '-1' }, 'SINK_MAX_WAIT_MS'],
    [{ SINK_TTL_DAYS: 'soon' }, 'SINK_TTL_DAYS'],
    [{ MONGODB_URI: 'postgres://u:hunter2@h' }, 'MONGODB_URI'],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadSinkConfig(env),
      (err: Error & { code?: string; variables?: string[] }) =>
        err.code === 'CONFIG_INVALID' && (err.variables ?? []).includes(variable) && !err.message.includes('hunter2'),
      variable,
    );
  }
});
