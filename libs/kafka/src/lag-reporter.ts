import { consumerLagGauge, type Logger } from '@tweet-pipeline/observability';
import type { Kafka } from './client.js';
import { GroupLagReader } from './group-lag-reader.js';

export {
  partitionLag,
  topicLag,
  type CommittedOffset,
  type PartitionLag,
  type PartitionOffsets,
} from './partition-lag.js';

/** A consumer group and one topic it reads; lag is reported per partition of that topic. */
export interface LagTarget {
  readonly group: string;
  readonly topic: string;
}

/** The gauge the reporter sets: `tweet_pipeline_consumer_lag` (observability's `consumerLagGauge`). */
export interface LagGauge {
  set(labels: { group: string; topic: string; partition: string }, value: number): void;
  remove(labels: { group: string; topic: string; partition: string }): void;
}

/** The service's registry (the gauge is created in it), or a gauge already created. */
export type LagMetrics = { readonly registry: Parameters<typeof consumerLagGauge>[0] } | { readonly gauge: LagGauge };

export type LagReporterOptions = LagMetrics & {
  readonly kafka: Kafka;
  readonly targets: readonly LagTarget[];
  /** Time between two collections; 15 s by default (one Prometheus scrape interval). */
  readonly intervalMs?: number;
  /** Per request to the broker. */
  readonly timeoutMs?: number;
  readonly log: Logger;
};

export interface LagReporter {
  /** Collects once now (the timer keeps running); resolves when the gauge is set. For tests and start-up. */
  collect(): Promise<void>;
  /** Stops the timer, waits (at most `timeoutMs`) for a collection in flight and disconnects its clients. */
  stop(): Promise<void>;
}

/**
 * Periodically sets `tweet_pipeline_consumer_lag{group,topic,partition}` for
 * the given (group, topic) pairs. Each consumer service runs one for its own
 * group; with several instances each reports the same numbers, so dashboards
 * aggregate with `max`, not `sum`. Offsets are read through a GroupLagReader
 * per group (a consumer client that never joins the group), not the admin
 * API, which crashes the process after a broker restart (see GroupLagReader).
 * A failed collection is logged and removes that target's series (no number
 * is better than a stale one); it never throws into the service.
 */
export function startLagReporter(options: LagReporterOptions): LagReporter {
  const log = options.log.child({ component: 'lag-reporter' });
  const timeoutMs = options.timeoutMs ?? 5_000;
  const gauge: LagGauge = 'gauge' in options ? options.gauge : consumerLagGauge(options.registry);
  const readers = new Map<string, GroupLagReader>();
  const reported = new Map<string, Set<number>>();
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const readerOf = (group: string): GroupLagReader => {
    let reader = readers.get(group);
    if (reader === undefined) {
      reader = new GroupLagReader({ kafka: options.kafka, groupId: group, timeoutMs });
      readers.set(group, reader);
    }
    return reader;
  };

  const collectTarget = async (target: LagTarget): Promise<void> => {
    const key = `${target.group}\u0000${target.topic}`;
    const previous = reported.get(key) ?? new Set<number>();
    const current = new Set<number>();
    try {
      for (const { partition, lag } of await readerOf(target.group).lag(target.topic)) {
        gauge.set({ group: target.group, topic: target.topic, partition: String(partition) }, lag);
        current.add(partition);
      }
    } catch (err) {
      if (!stopped) log.warn({ err, group: target.group, topic: target.topic }, 'consumer lag collection failed');
    }
    for (const partition of previous) {
      if (!current.has(partition)) {
        gauge.remove({ group: target.group, topic: target.topic, partition: String(partition) });
      }
    }
    reported.set(key, current);
  };

  const collectAll = async (): Promise<void> => {
    for (const target of options.targets) {
      if (stopped) return;
      await collectTarget(target);
    }
  };

  const collect = (): Promise<void> => {
    // One collection at a time: a slow broker must not pile requests up.
    inFlight = inFlight.then(collectAll);
    return inFlight;
  };

  const timer = setInterval(() => void collect(), options.intervalMs ?? 15_000);
  timer.unref();
  void collect();

  return {
    collect,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      // A collection or a connection stuck on an unreachable broker must not hold the service's shutdown.
      await withinMs(inFlight, timeoutMs);
      await withinMs(Promise.all([...readers.values()].map((reader) => reader.close())), timeoutMs);
    },
  };
}

/** Waits for `work`, or `ms` at most; never throws. */
async function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
  let giveUp: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (giveUp = setTimeout(resolve, ms)))]);
  clearTimeout(giveUp);
}
