import assert from 'node:assert/strict';
import { test } from 'vitest';
import { loadTrendsConfig } from '../src/config.js';

test('loadTrendsConfig: port 9104, group tweet-pipeline-trends, collection hashtag_trends unless TRENDS_COLLECTION', () => {
  const config = loadTrendsConfig({});
  assert.equal(config.port, 9104);
  assert.equal(config.groupId, 'tweet-pipeline-trends');
  assert.equal(config.settings.TRENDS_COLLECTION, 'hashtag_trends');
  assert.equal(loadTrendsConfig({ TRENDS_COLLECTION: 't2' }).settings.TRENDS_COLLECTION, 't2');
});
