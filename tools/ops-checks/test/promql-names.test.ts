import assert from 'node:assert/strict';
import { test } from 'vitest';
import { metricNamesIn } from '../src/index.js';

test('metricNamesIn finds the metrics of a rate, a ratio and a quantile', () => {
  assert.deepEqual(metricNamesIn('sum(rate(a_total{x="y"}[$__rate_interval])) / sum(rate(b_total[5m]))'), [
    'a_total',
    'b_total',
  ]);
  assert.deepEqual(metricNamesIn('histogram_quantile(0.99, sum by (le) (rate(lat_seconds_bucket{job="sink"}[30s])))'), [
    'lat_seconds_bucket',
  ]);
});

test('metricNamesIn skips label names, grouping lists, keywords, numbers and strings', () => {
  assert.deepEqual(
    metricNamesIn(
      'max by (job, instance) (g) == 0 and on (job, instance) count by (job) (c{source="x-filtered-stream"}) or vector(0)',
    ),
    ['g', 'c'],
  );
  assert.deepEqual(metricNamesIn('x unless x offset 5m > 1e3'), ['x']);
  assert.deepEqual(metricNamesIn('tweet_pipeline:consumer_lag:sum > 1000'), ['tweet_pipeline:consumer_lag:sum']);
  assert.deepEqual(metricNamesIn('ALERTS{alertstate="firing"}'), ['ALERTS']);
});
