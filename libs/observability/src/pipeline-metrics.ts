import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metrics that more than one service reports, defined once so their names,
 * labels and buckets cannot drift apart. Names are contracts (architecture.md).
 */
export function dlqMessagesCounter(registry: Registry): Counter<'service' | 'error_code'> {
  return new Counter({
    name: 'tweet_pipeline_dlq_messages_total',
    help: 'Records sent to tweets.dlq, by the service that sent them and the reason.',
    labelNames: ['service', 'error_code'] as const,
    registers: [registry],
  });
}

export function consumerLagGauge(registry: Registry): Gauge<'group' | 'topic' | 'partition'> {
  return new Gauge({
    name: 'tweet_pipeline_consumer_lag',
    help: 'Records between a consumer group position and the partition end.',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
  });
}

/** Received (producer) → stored (sink); seconds, from 5 ms to 2 min. */
export function endToEndLatencyHistogram(registry: Registry): Histogram {
  return new Histogram({
    name: 'tweet_pipeline_end_to_end_latency_seconds',
    help: 'Time from the producer receiving a tweet to the sink storing it.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
}
