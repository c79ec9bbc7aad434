import { Registry } from 'prom-client';
import { startLagReporter, type Kafka } from '@tweet-pipeline/kafka';
import { startOpsServer, type Logger } from '@tweet-pipeline/observability';

export interface LagExporter {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Serves `tweet_pipeline_consumer_lag` of one group on its own /metrics, as a
 * consumer service does once its lag reporter is wired in: a stand-in scraped
 * under that service's job while the service does not export it yet.
 */
export async function startLagExporter(options: {
  readonly kafka: Kafka;
  readonly group: string;
  readonly topic: string;
  readonly log: Logger;
}): Promise<LagExporter> {
  const registry = new Registry();
  const reporter = startLagReporter({
    kafka: options.kafka,
    registry,
    targets: [{ group: options.group, topic: options.topic }],
    intervalMs: 2_000,
    log: options.log,
  });
  const server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    registry,
    log: options.log,
    readiness: () => ({ ready: true }),
  });
  return {
    port: server.port,
    stop: async () => {
      await reporter.stop();
      await server.close();
    },
  };
}
