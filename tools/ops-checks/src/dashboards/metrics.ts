/**
 * The metric names the dashboards query, in one place. They are contracts
 * (docs/architecture.md, the services' metrics.ts); test/dashboards.test.ts
 * checks every name used in a panel against what the services define.
 */
export const Metrics = {
  producerReceived: 'tweet_pipeline_producer_tweets_received_total',
  producerPublished: 'tweet_pipeline_producer_tweets_published_total',
  streamConnected: 'tweet_pipeline_producer_stream_connected',
  streamReconnects: 'tweet_pipeline_producer_stream_reconnects_total',
  streamErrorPayloads: 'tweet_pipeline_producer_stream_error_payloads_total',
  spoolBytes: 'tweet_pipeline_producer_spool_bytes',
  spoolMaxBytes: 'tweet_pipeline_producer_spool_max_bytes',
  spoolFull: 'tweet_pipeline_producer_spool_full',
  kafkaAvailable: 'tweet_pipeline_producer_kafka_available',
  xCreditsExhausted: 'tweet_pipeline_producer_x_credits_exhausted',
  xTooManyConnections: 'tweet_pipeline_producer_x_too_many_connections',
  xUsagePostReads: 'tweet_pipeline_producer_x_usage_post_reads',
  xUsageCap: 'tweet_pipeline_producer_x_usage_cap',
  xUsageProjected: 'tweet_pipeline_producer_x_usage_projected_post_reads',
  filterMessages: 'tweet_pipeline_filter_messages_total',
  dedupeEntries: 'tweet_pipeline_filter_dedupe_state_entries',
  stateRestore: 'tweet_pipeline_filter_state_restore_seconds',
  sinkDocuments: 'tweet_pipeline_sink_documents_total',
  sinkWriteDuration: 'tweet_pipeline_sink_write_duration_seconds',
  databaseAvailable: 'tweet_pipeline_sink_database_available',
  trendsBatches: 'tweet_pipeline_trends_batches_total',
  trendsHashtagsCounted: 'tweet_pipeline_trends_hashtags_counted_total',
  endToEndLatency: 'tweet_pipeline_end_to_end_latency_seconds',
  dlqMessages: 'tweet_pipeline_dlq_messages_total',
  consumerLag: 'tweet_pipeline_consumer_lag',
  // Node's process metrics (prom-client collectDefaultMetrics) and Prometheus' own.
  processCpu: 'process_cpu_seconds_total',
  processResident: 'process_resident_memory_bytes',
  eventLoopLagP99: 'nodejs_eventloop_lag_p99_seconds',
  heapUsed: 'nodejs_heap_size_used_bytes',
  up: 'up',
} as const;

/** Scrape job names (ops/prometheus/prometheus.yml): per-service panels select on them. */
export const Jobs = { producer: 'producer', filter: 'filter', sink: 'sink', trends: 'trends' } as const;
export type Job = (typeof Jobs)[keyof typeof Jobs];
