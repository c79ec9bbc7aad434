import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { dlqMessagesCounter } from '@tweet-pipeline/observability';
import { Outcomes } from './process-batch.js';

/** The filter's metrics (names are contracts: architecture.md, dashboards, alerts). */
export function filterMetrics(registry: Registry) {
  const messages = new Counter({
    name: 'tweet_pipeline_filter_messages_total',
    help: 'Raw records handled, by outcome (counted when their transaction commits).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of Outcomes) messages.inc({ outcome }, 0);
  return {
    messages,
    dedupeEntries: new Gauge({
      name: 'tweet_pipeline_filter_dedupe_state_entries',
      help: 'Tweet ids remembered for deduplication by this instance.',
      registers: [registry],
    }),
    restoreSeconds: new Histogram({
      name: 'tweet_pipeline_filter_state_restore_seconds',
      help: 'Time to restore dedupe state for newly assigned partitions.',
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    dlq: dlqMessagesCounter(registry),
  };
}

export type FilterMetrics = ReturnType<typeof filterMetrics>;
