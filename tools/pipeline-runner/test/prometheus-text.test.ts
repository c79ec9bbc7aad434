import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sumMetric } from '../src/prometheus-text.js';

const text = `# HELP tweet_pipeline_filter_messages_total x
# TYPE tweet_pipeline_filter_messages_total counter
tweet_pipeline_filter_messages_total{outcome="passed"} 7
tweet_pipeline_filter_messages_total{outcome="duplicate"} 3
tweet_pipeline_filter_messages_total_extra 100
tweet_pipeline_producer_tweets_published_total 12
`;

test('sumMetric sums the samples of one metric, filtered by labels', () => {
  assert.equal(sumMetric(text, 'tweet_pipeline_filter_messages_total'), 10);
  assert.equal(sumMetric(text, 'tweet_pipeline_filter_messages_total', { outcome: 'duplicate' }), 3);
  assert.equal(sumMetric(text, 'tweet_pipeline_producer_tweets_published_total'), 12);
  assert.equal(sumMetric(text, 'absent'), 0);
});
