import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Kafka, Producer } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import { parseRulesFile, type ProducerConfig } from '../config.js';
import type { ProducerMetrics } from '../metrics.js';
import type { RawRecord } from '../raw-publisher.js';
import { KafkaCheckpointStore } from '../search/checkpoint-store.js';
import { RecentSearchSource } from '../search/recent-search-source.js';
import { FilteredStreamSource } from '../x/filtered-stream-source.js';
import { syncStreamRules, type StreamRule } from '../x/stream-rules.js';
import { createXClient } from '../x/x-client.js';

export interface XSourceDeps {
  readonly config: ProducerConfig;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly metrics: ProducerMetrics;
  readonly log: Logger;
  readonly accept: (records: readonly RawRecord[]) => Promise<void>;
}

/**
 * The filtered stream: rules synced before connecting (an invalid rule stops
 * the start with X's reason), re-synced without reconnecting when the rules
 * file changes.
 */
export async function startFilteredStream(
  deps: Omit<XSourceDeps, 'kafka' | 'producer'>,
  signal: AbortSignal,
): Promise<() => Promise<void>> {
  const { config, log, metrics } = deps;
  const client = createXClient(config.x);
  const rulesLog = log.child({ component: 'stream-rules' });
  const readRules = (): readonly StreamRule[] =>
    config.x.rulesFile === undefined
      ? config.x.rules
      : parseRulesFile(readFileSync(config.x.rulesFile, 'utf8'), config.x.rulesFile);
  await syncStreamRules(client, readRules(), rulesLog);
  if (config.x.rulesFile !== undefined) {
    const file = config.x.rulesFile;
    watchFile(file, { interval: 5_000 }, () => {
      Promise.resolve()
        .then(() => syncStreamRules(client, readRules(), rulesLog))
        .catch((err: unknown) =>
          rulesLog.error({ err }, 'rules file changed but could not be applied; keeping the previous rules'),
        );
    });
    signal.addEventListener('abort', () => unwatchFile(file), { once: true });
  }
  const source = new FilteredStreamSource({
    client,
    query: config.x.fields,
    stallMs: config.x.stallMs,
    accept: deps.accept,
    log: log.child({ component: 'x-filtered-stream' }),
    onConnected: (connected) => metrics.streamConnected.set(connected ? 1 : 0),
    onReconnect: (reason) => metrics.streamReconnects.inc({ reason }),
    onErrorPayload: (title) => metrics.streamErrorPayloads.inc({ title }),
  });
  return () => source.run(signal);
}

/** Recent search polling, checkpointed in a compacted topic so a new pod resumes where the last one stopped. */
export function startRecentSearch(deps: XSourceDeps, signal: AbortSignal): () => Promise<void> {
  const { config, log } = deps;
  const source = new RecentSearchSource({
    client: createXClient(config.x),
    query: config.x.search.query,
    fields: config.x.fields,
    intervalMs: config.x.search.intervalMs,
    maxPages: config.x.search.maxPages,
    accept: deps.accept,
    checkpoints: new KafkaCheckpointStore(deps.kafka, deps.producer, config.checkpointTopic),
    log: log.child({ component: 'x-recent-search' }),
  });
  return () => source.run(signal);
}
