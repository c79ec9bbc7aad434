import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '@tweet-pipeline/config';
import { loadTrendsConfig } from '../src/index.js';

test('loadTrendsConfig defaults to port 9104, group tweet-pipeline-trends and collection hashtag_trends', () => {
  const config = loadTrendsConfig({});
  assert.equal(config.port, 9104);
  assert.equal(config.groupId, 'tweet-pipeline-trends');
  assert.equal(config.topics.names.clean, 'tweets.clean');
  assert.deepEqual(config.mongo, {
    uri: 'mongodb://127.0.0.1:27017',
    database: 'tweet_pipeline',
    collection: 'hashtag_trends',
  });
  assert.ok(Object.isFrozen(config.mongo));
});

test('loadTrendsConfig reads MONGODB_URI from MONGODB_URI_FILE', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'trends-config-')), 'uri');
  writeFileSync(file, 'mongodb://user:secret@db:27017/?tls=true\n');
  assert.equal(loadTrendsConfig({ MONGODB_URI_FILE: file }).mongo.uri, 'mongodb://user:secret@db:27017/?tls=true');
});

test('loadTrendsConfig names the variable of a bad value', () => {
  assert.throws(
    () => loadTrendsConfig({ TRENDS_PORT: '70000', MONGODB_URI: 'postgres://x' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.variables.includes('TRENDS_PORT') &&
      err.variables.includes('MONGODB_URI') &&
      !err.message.includes('postgres'),
  );
});
