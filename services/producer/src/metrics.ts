import { Counter, Gauge, type Registry } from 'prom-client';
import { dlqMessagesCounter } from '@tweet-pipeline/observability';

/** The producer's metrics (names are contracts: architecture.md, dashboards, alerts). */
export function producerMetrics(registry: Registry) {
  return {
    received: new Counter({
      name: 'tweet_pipeline_producer_tweets_received_total',
      help: 'Records received from a source, before publishing.',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    published: new Counter({
      name: 'tweet_pipeline_producer_tweets_published_total',
      help: 'Records acknowledged by Kafka (acks=all) on tweets.raw.',
      registers: [registry],
    }),
    streamConnected: new Gauge({
      name: 'tweet_pipeline_producer_stream_connected',
      help: '1 while the X filtered stream is connected.',
      registers: [registry],
    }),
    streamReconnects: new Counter({
      name: 'tweet_pipeline_producer_stream_reconnects_total',
      help: 'Reconnects of the X filtered stream, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    streamErrorPayloads: new Counter({
      name: 'tweet_pipeline_producer_stream_error_payloads_total',
      help: 'In-stream error payloads from X (operational-disconnect and others), by title; never published.',
      labelNames: ['title'] as const,
      registers: [registry],
    }),
    xCreditsExhausted: new Gauge({
      name: 'tweet_pipeline_producer_x_credits_exhausted',
      help: '1 while X refuses the account for credits or its usage cap (HTTP 402, 429 UsageCapExceeded).',
      registers: [registry],
    }),
    xTooManyConnections: new Gauge({
      name: 'tweet_pipeline_producer_x_too_many_connections',
      help: '1 while X refuses the stream with TooManyConnections (a previous connection is still counted).',
      registers: [registry],
    }),
    xUsagePostReads: new Gauge({
      name: 'tweet_pipeline_producer_x_usage_post_reads',
      help: 'Post reads of the X project in the current billing cycle (GET /2/usage/tweets).',
      registers: [registry],
    }),
    xUsageCap: new Gauge({
      name: 'tweet_pipeline_producer_x_usage_cap',
      help: 'Post-read cap of the X project for the billing cycle (GET /2/usage/tweets).',
      registers: [registry],
    }),
    xUsageProjected: new Gauge({
      name: 'tweet_pipeline_producer_x_usage_projected_post_reads',
      help: 'Post reads projected at the end of the billing cycle at the cycle-to-date rate.',
      registers: [registry],
    }),
    spoolBytes: new Gauge({
      name: 'tweet_pipeline_producer_spool_bytes',
      help: 'Bytes waiting in the local durable spool for Kafka.',
      registers: [registry],
    }),
    spoolMaxBytes: new Gauge({
      name: 'tweet_pipeline_producer_spool_max_bytes',
      help: 'Bound of the spool; reading pauses when spool_bytes reaches it.',
      registers: [registry],
    }),
    spoolFull: new Gauge({
      name: 'tweet_pipeline_producer_spool_full',
      help: '1 while the spool is full and sources are paused.',
      registers: [registry],
    }),
    dlq: dlqMessagesCounter(registry),
    kafkaAvailable: new Gauge({
      name: 'tweet_pipeline_producer_kafka_available',
      help: '0 while Kafka does not acknowledge and the spool absorbs the sources.',
      registers: [registry],
    }),
  };
}

export type ProducerMetrics = ReturnType<typeof producerMetrics>;
