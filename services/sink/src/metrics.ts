import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { dlqMessagesCounter, endToEndLatencyHistogram } from '@tweet-pipeline/observability';

/** Values of the `result` label of `tweet_pipeline_sink_documents_total`. */
export const DocumentResults = ['inserted', 'already_present', 'failed'] as const;
export type DocumentResult = (typeof DocumentResults)[number];

/** The sink's metrics (names are contracts: architecture.md, dashboards, alerts). */
export function sinkMetrics(registry: Registry) {
  const documents = new Counter({
    name: 'tweet_pipeline_sink_documents_total',
    help: 'Documents written, by result: inserted, already_present (a redelivery), failed (refused, sent to the DLQ).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of DocumentResults) documents.inc({ result }, 0);
  const databaseAvailable = new Gauge({
    name: 'tweet_pipeline_sink_database_available',
    help: '1 while the database takes writes; 0 while an outage is waited out (consumption paused).',
    registers: [registry],
  });
  databaseAvailable.set(0);
  const pausedPartitions = new Gauge({
    name: 'tweet_pipeline_sink_paused_partitions',
    help: 'Partitions paused and rewound because the database could not take their batch.',
    registers: [registry],
  });
  pausedPartitions.set(0);
  return {
    documents,
    writeDuration: new Histogram({
      name: 'tweet_pipeline_sink_write_duration_seconds',
      help: 'Duration of one bulk write (one unordered insertMany) to the database.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    databaseAvailable,
    pausedPartitions,
    commitFailures: new Counter({
      name: 'tweet_pipeline_sink_commit_failures_total',
      help: 'Offset commits that failed after a write (harmless: the next commit covers them, writes are idempotent).',
      registers: [registry],
    }),
    endToEnd: endToEndLatencyHistogram(registry),
    dlq: dlqMessagesCounter(registry),
  };
}

export type SinkMetrics = ReturnType<typeof sinkMetrics>;
