import kafkaJavascript from '@confluentinc/kafka-javascript';
import { consumerLagGauge, type Logger } from '@tweet-pipeline/observability';
import type { Admin, Kafka } from './client.js';

/** A consumer group and one topic it reads; lag is reported per partition of that topic. */
export interface LagTarget {
  readonly group: string;
  readonly topic: string;
}

/** What the broker says about one partition (offsets as decimal strings, as the client returns them). */
export interface PartitionOffsets {
  readonly partition: number;
  /** Last stable offset: the end a `read_committed` reader can reach (= high watermark without open transactions). */
  readonly end: string;
  /** Low watermark: the first offset still retained. */
  readonly low: string;
}

/** A group's committed offset of one partition; "-1" when the group has committed nothing there. */
export interface CommittedOffset {
  readonly partition: number;
  readonly offset: string;
}

export interface PartitionLag {
  readonly partition: number;
  readonly lag: number;
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
  /** Per admin request. */
  readonly timeoutMs?: number;
  readonly log: Logger;
};

export interface LagReporter {
  /** Collects once now (the timer keeps running); resolves when the gauge is set. For tests and start-up. */
  collect(): Promise<void>;
  /** Stops the timer, waits (at most `timeoutMs`) for a collection in flight and disconnects the admin client. */
  stop(): Promise<void>;
}

const NOTHING_COMMITTED = -1n;

/**
 * Records a group still has to read in one partition: end (last stable offset)
 * minus the committed offset, or minus the low watermark when the group has
 * committed nothing there (it starts from the beginning). Never negative: the
 * two offsets are fetched one after the other, and retention may have moved
 * the low watermark past an old commit (then the group restarts at `low`).
 *
 * Reported as is, with no correction for transaction markers: on a topic
 * written transactionally (tweets.clean) every commit marker takes an offset,
 * so a group that has read everything commits the offset of the marker and
 * shows lag 1 on each partition whose last entry is a marker, and more after
 * an aborted transaction until a committed record follows it. From offsets
 * alone a marker cannot be told apart from one unread record, so the number is
 * left honest and the alerts are made tolerant of it (they look at growth).
 */
export function partitionLag(offsets: PartitionOffsets, committed: string | undefined): number {
  const end = BigInt(offsets.end);
  const low = BigInt(offsets.low);
  const position = committed === undefined ? NOTHING_COMMITTED : BigInt(committed);
  const from = position === NOTHING_COMMITTED || position < low ? low : position;
  const lag = end - from;
  return lag > 0n ? Number(lag) : 0;
}

/** The lag of every partition of a topic, in partition order. */
export function topicLag(offsets: readonly PartitionOffsets[], committed: readonly CommittedOffset[]): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
  return [...offsets]
    .sort((a, b) => a.partition - b.partition)
    .map((o) => ({ partition: o.partition, lag: partitionLag(o, byPartition.get(o.partition)) }));
}

/**
 * Periodically sets `tweet_pipeline_consumer_lag{group,topic,partition}` for
 * the given (group, topic) pairs, through an admin client of its own. Each
 * consumer service runs one for its own group; with several instances each
 * reports the same numbers, so dashboards aggregate with `max`, not `sum`.
 * A failed collection is logged and removes that target's series (no number
 * is better than a stale one); it never throws into the service.
 */
export function startLagReporter(options: LagReporterOptions): LagReporter {
  const log = options.log.child({ component: 'lag-reporter' });
  const timeoutMs = options.timeoutMs ?? 5_000;
  const gauge: LagGauge = 'gauge' in options ? options.gauge : consumerLagGauge(options.registry);
  const admin: Admin = options.kafka.admin();
  const reported = new Map<string, Set<number>>();
  let connected: Promise<void> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const collectTarget = async (target: LagTarget): Promise<void> => {
    const key = `${target.group}\u0000${target.topic}`;
    const previous = reported.get(key) ?? new Set<number>();
    const current = new Set<number>();
    try {
      const offsets = await admin.fetchTopicOffsets(target.topic, {
        timeout: timeoutMs,
        isolationLevel: kafkaJavascript.IsolationLevel.READ_COMMITTED,
      });
      const groupOffsets = await admin.fetchOffsets({
        groupId: target.group,
        topics: [target.topic],
        timeout: timeoutMs,
      });
      const committed = groupOffsets.find((t) => t.topic === target.topic)?.partitions ?? [];
      const lags = topicLag(
        offsets.map((o) => ({ partition: o.partition, end: o.high, low: o.low })),
        committed.map((c) => ({ partition: c.partition, offset: c.offset })),
      );
      for (const { partition, lag } of lags) {
        gauge.set({ group: target.group, topic: target.topic, partition: String(partition) }, lag);
        current.add(partition);
      }
    } catch (err) {
      log.warn({ err, group: target.group, topic: target.topic }, 'consumer lag collection failed');
    }
    for (const partition of previous) {
      if (!current.has(partition)) {
        gauge.remove({ group: target.group, topic: target.topic, partition: String(partition) });
      }
    }
    reported.set(key, current);
  };

  const collectAll = async (): Promise<void> => {
    if (stopped) return;
    try {
      connected ??= admin.connect();
      await connected;
    } catch (err) {
      connected = undefined;
      log.warn({ err }, 'consumer lag collection: admin client cannot connect');
      return;
    }
    for (const target of options.targets) await collectTarget(target);
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
      // A collection stuck on an unreachable broker must not hold the service's shutdown.
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([inFlight, new Promise((resolve) => (giveUp = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(giveUp);
      if (connected !== undefined) await admin.disconnect().catch(() => undefined);
    },
  };
}
