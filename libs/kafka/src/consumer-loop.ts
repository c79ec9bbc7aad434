import type { Logger, Readiness } from '@tweet-pipeline/observability';
import type { Consumer, EachBatchPayload, Kafka } from './client.js';
import kafkaJavascript from '@confluentinc/kafka-javascript';
import { PartitionAssigners } from './client.js';

const { ERR__ASSIGN_PARTITIONS: ASSIGN_PARTITIONS, ERR__REVOKE_PARTITIONS: REVOKE_PARTITIONS } =
  kafkaJavascript.CODES.ERRORS;

export interface BatchConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly log: Logger;
  /** Upper bound of records handed to one `handleBatch` call (per partition). */
  readonly maxBatchSize?: number;
  /**
   * How many partitions' batches may be in `handleBatch` at once (one at a time
   * per partition, always). Above 1, a handler can group several partitions'
   * work into one commit or transaction.
   */
  readonly partitionsConcurrently?: number;
  /** Downstream stages read only committed transactions (exactly-once chain). */
  readonly readCommitted?: boolean;
  /**
   * Processes one batch of one partition and makes its offsets durable itself
   * (a commit after a database write, or `sendOffsets` inside a transaction).
   * Retriable failures are handled inside; a throw is fatal for the process.
   * Resolves 'redeliver' when the batch took no effect and must come again
   * (e.g. its transaction was refused because this member left the group):
   * the client then seeks the partition back to the batch's first record.
   */
  readonly handleBatch: (payload: EachBatchPayload, consumer: Consumer) => Promise<void | 'redeliver'>;
  /** Called when a handler throws; the service exits so the orchestrator restarts it. */
  readonly onFatal: (err: unknown) => void;
  /**
   * Partitions (of the subscribed topics) this instance just received or lost.
   * Called before any batch of a received partition, so per-partition state
   * can start restoring; `handleBatch` awaits it.
   */
  readonly onAssign?: (assigned: readonly { topic: string; partition: number }[]) => void;
  readonly onRevoke?: (revoked: readonly { topic: string; partition: number }[]) => void;
}

export interface RunningConsumer {
  readonly consumer: Consumer;
  /** Ready when connected and holding at least one partition; otherwise why not (for /readyz). */
  readiness(): Readiness;
  /** Stops fetching, lets the batch in flight finish, leaves the group. */
  stop(): Promise<void>;
}

/**
 * Runs a consumer-group loop with manual offsets (never auto-commit: a record
 * counts as done only when its effect is durable) and cooperative rebalancing,
 * so an instance joining does not stop the others.
 */
export async function runBatchConsumer(options: BatchConsumerOptions): Promise<RunningConsumer> {
  const log = options.log.child({ component: 'consumer', group: options.groupId });
  const consumer = options.kafka.consumer({
    'js.consumer.max.batch.size': options.maxBatchSize ?? 500,
    // Observed only: the client still applies the (incremental) assignment itself afterwards.
    rebalance_cb: (err: { code: number }, assignment: { topic: string; partition: number }[]) => {
      const mine = assignment.filter((tp) => options.topics.includes(tp.topic));
      if (err.code === ASSIGN_PARTITIONS) {
        log.info({ partitions: mine.map((tp) => tp.partition) }, 'partitions assigned');
        options.onAssign?.(mine);
      } else if (err.code === REVOKE_PARTITIONS) {
        log.info({ partitions: mine.map((tp) => tp.partition) }, 'partitions revoked');
        options.onRevoke?.(mine);
      }
    },
    kafkaJS: {
      groupId: options.groupId,
      fromBeginning: true,
      autoCommit: false,
      readUncommitted: !(options.readCommitted ?? true),
      partitionAssigners: [PartitionAssigners.cooperativeSticky],
    },
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics] });
  let stopped = false;
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
    eachBatch: async (payload) => {
      if (stopped) return;
      try {
        const outcome = await options.handleBatch(payload, consumer);
        // Without this the client re-seeks to the last resolved offset and hands the batch over again,
        // which is what 'redeliver' asks for.
        const last = payload.batch.messages.at(-1);
        if (last !== undefined && outcome !== 'redeliver') payload.resolveOffset(last.offset);
      } catch (err) {
        stopped = true;
        options.onFatal(err);
        throw err;
      }
    },
  });
  log.info({ topics: options.topics }, 'consuming');
  return {
    consumer,
    readiness: () => {
      if (stopped) return { ready: false, reason: 'consumer stopped' };
      return consumer.assignment().length > 0 ? { ready: true } : { ready: false, reason: 'no partitions assigned' };
    },
    stop: async () => {
      stopped = true;
      // The client has no working stop(): disconnect waits for the batch in flight, then leaves the group.
      await consumer.disconnect();
      log.info('consumer stopped');
    },
  };
}

/** The offset to commit after processing `lastOffset`: Kafka commits the next record to read. */
export function nextOffset(lastOffset: string): string {
  return (BigInt(lastOffset) + 1n).toString();
}
