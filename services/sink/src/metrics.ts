import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { dlqMessagesCounter, endToEndLatencyHistogram } from '@tweet-pipeline/observability';

/** The sink's metrics (names are contracts: architecture.md, dashboards, alerts). */
export function sinkMetrics(registry: Registry) {
  const documents = new Counter({
    name: 'tweet_pipeline_sink_documents_total',
    help: 'Documents written, by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['inserted', 'already_present', 'failed']) documents.inc({ result }, 0);
  return {
    documents,
    writeDuration: new Histogram({
      name: 'tweet_pipeline_sink_write_duration_seconds',
      help: 'Duration of one bulk write to MongoDB.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    databaseAvailable: new Gauge({
      name: 'tweet_pipeline_sink_database_available',
      help: '1 while the last write reached the database; 0 while retrying an outage.',
      registers: [registry],
    }),
    endToEnd: endToEndLatencyHistogram(registry),
    dlq: dlqMessagesCounter(registry),
  };
}

export type SinkMetrics = ReturnType<typeof sinkMetrics>;
