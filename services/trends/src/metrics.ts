import { Counter, type Registry } from 'prom-client';
import { dlqMessagesCounter } from '@tweet-pipeline/observability';

/** Outcome of one batch: new counts written, a redelivery whose counts were all there, or nothing to count. */
export const BatchResults = ['applied', 'already_applied', 'no_hashtags'] as const;
export type BatchResult = (typeof BatchResults)[number];

/** The trends service's metrics (names are contracts: architecture.md, dashboards, alerts). */
export function trendsMetrics(registry: Registry) {
  const batches = new Counter({
    name: 'tweet_pipeline_trends_batches_total',
    help: 'Batches of tweets.clean handled and committed, by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of BatchResults) batches.inc({ result }, 0);
  return {
    batches,
    hashtagsCounted: new Counter({
      name: 'tweet_pipeline_trends_hashtags_counted_total',
      help: 'Hashtag occurrences added to hashtag_trends (redelivered ones already counted are not).',
      registers: [registry],
    }),
    dlq: dlqMessagesCounter(registry),
  };
}

export type TrendsMetrics = ReturnType<typeof trendsMetrics>;
