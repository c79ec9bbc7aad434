import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Kafka, Producer } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import { parseRulesFile, type ProducerConfig } from '../config.js';
import type { ProducerMetrics } from '../metrics.js';
import type { RawRecord } from '../raw-publisher.js';
import { KafkaCheckpointStore } from '../search/checkpoint-store.js';
import { RecentSearchSource } from '../search/recent-search-source.js';
import { FilteredStreamSource, type XBlock } from '../x/filtered-stream-source.js';
import { syncStreamRules, syncStreamRulesAtStart, type StreamRule } from '../x/stream-rules.js';
import { pollUsage } from '../x/usage-poller.js';
import { createXClient } from '../x/x-client.js';

export interface XSourceDeps {
  readonly config: ProducerConfig;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly metrics: ProducerMetrics;
  readonly log: Logger;
  readonly accept: (records: readonly RawRecord[]) => Promise<void>;
  /** Why X blocks a source right now (credits, connections), or undefined; for `/readyz`. */
  readonly onBlocked?: (block: XBlock | undefined) => void;
}

/**
 * The filtered stream: rules synced before connecting (retried while X's
 * failure is transient; an invalid rule or refused credentials stop the
 * source with X's reason), re-synced without reconnecting when the rules
 * file changes.
 */
export function startFilteredStream(
  deps: Omit<XSourceDeps, 'kafka' | 'producer'>,
  signal: AbortSignal,
): () => Promise<void> {
  const { config, log, metrics } = deps;
  const onBlocked = (block: XBlock | undefined): void => deps.onBlocked?.(block);
  const client = createXClient(config.x);
  const rulesLog = log.child({ component: 'stream-rules' });
  const readRules = (): readonly StreamRule[] =>
    config.x.rulesFile === undefined
      ? config.x.rules
      : parseRulesFile(readFileSync(config.x.rulesFile, 'utf8'), config.x.rulesFile);
  const watchRulesFile = (): void => {
    if (config.x.rulesFile === undefined) return;
    const file = config.x.rulesFile;
    watchFile(file, { interval: 5_000 }, () => {
      Promise.resolve()
        .then(() => syncStreamRules(client, readRules(), rulesLog, { tagPrefix: config.x.ruleTagPrefix }))
        .catch((err: unknown) =>
          rulesLog.error({ err }, 'rules file changed but could not be applied; keeping the previous rules'),
        );
    });
    signal.addEventListener('abort', () => unwatchFile(file), { once: true });
  };
  const source = new FilteredStreamSource({
    client,
    query: config.x.fields,
    stallMs: config.x.stallMs,
    accept: deps.accept,
    log: log.child({ component: 'x-filtered-stream' }),
    onConnected: (connected) => metrics.streamConnected.set(connected ? 1 : 0),
    onReconnect: (reason) => metrics.streamReconnects.inc({ reason }),
    onErrorPayload: (title) => metrics.streamErrorPayloads.inc({ title }),
    onBlocked,
    maxFrameBytes: config.x.maxFrameBytes,
    creditsBackoffMs: config.x.creditsBackoffMs,
    clearStaleConnections: config.x.clearStaleConnections,
  });
  return async () => {
    const synced = await syncStreamRulesAtStart(client, readRules, rulesLog, signal, {
      tagPrefix: config.x.ruleTagPrefix,
      creditsBackoffMs: config.x.creditsBackoffMs,
      onBlocked,
    });
    if (synced === undefined) return;
    watchRulesFile();
    await source.run(signal);
  };
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
    creditsBackoffMs: config.x.creditsBackoffMs,
    onBlocked: (block) => deps.onBlocked?.(block),
  });
  return () => source.run(signal);
}

/**
 * Reads the X project's usage (`GET /2/usage/tweets`) every X_USAGE_POLL_MS
 * into the usage metrics, beside the x-* sources; 0 turns it off.
 */
export function startUsagePolling(
  deps: Omit<XSourceDeps, 'kafka' | 'producer' | 'accept'>,
  signal: AbortSignal,
): Promise<void> {
  const { config, metrics, log } = deps;
  if (config.x.usagePollMs === 0) return Promise.resolve();
  return pollUsage(
    {
      client: createXClient(config.x),
      intervalMs: config.x.usagePollMs,
      log: log.child({ component: 'x-usage' }),
      onUsage: (usage) => {
        metrics.xUsagePostReads.set(usage.postReads);
        metrics.xUsageCap.set(usage.cap);
        metrics.xUsageProjected.set(usage.projected);
      },
    },
    signal,
  );
}
