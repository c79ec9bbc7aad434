import assert from 'node:assert/strict';
import { test } from 'vitest';
import { histogramQuantile, sumMetric } from '../src/index.js';

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

test('histogramQuantile interpolates inside buckets like histogram_quantile', () => {
  const histogram = `# TYPE h histogram
h_bucket{le="0.1"} 10
h_bucket{le="0.5"} 60
h_bucket{le="1"} 90
h_bucket{le="+Inf"} 100
h_sum 40
h_count 100
`;
  assert.equal(histogramQuantile(histogram, 'h', 0.1), 0.1);
  assert.ok(Math.abs(histogramQuantile(histogram, 'h', 0.5) - 0.42) < 1e-9);
  assert.ok(Math.abs(histogramQuantile(histogram, 'h', 0.75) - 0.75) < 1e-9);
  assert.equal(histogramQuantile(histogram, 'h', 0.99), 1, 'ranks in +Inf report the highest finite bound');
  assert.ok(Number.isNaN(histogramQuantile('', 'h', 0.5)));
});
