import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import type { Logger } from '@tweet-pipeline/observability';
import type { RawPublisher } from '../raw-publisher.js';
import type { DurableSpool } from './durable-spool.js';

export interface DrainerOptions {
  readonly spool: DurableSpool;
  readonly publisher: Pick<RawPublisher, 'publish'>;
  readonly log: Logger;
  /** Records per Kafka send. */
  readonly batchSize: number;
  /** Backoff bounds while Kafka is unavailable. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** Told when Kafka stops and starts acknowledging, for /readyz and logs. */
  readonly onKafkaAvailability?: (available: boolean) => void;
  readonly onDrained?: (spoolBytes: number) => void;
  /**
   * A send still unacknowledged after this long counts as Kafka unavailable:
   * librdkafka retries a down broker internally, so the send waits rather than fails.
   */
  readonly ackTimeoutMs?: number;
}

/**
 * Moves records from the spool to Kafka in spool order and deletes them once
 * acknowledged (acks=all). While Kafka is down it retries with capped backoff
 * and the spool absorbs the source; it never drops a record.
 */
export class SpoolDrainer {
  private cursor = 0;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly stop = new AbortController();

  constructor(private readonly options: DrainerOptions) {}

  /** Starts draining in the background; failures that retrying cannot fix reject `done`. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Call after appending: the drainer may be waiting for work. */
  notify(): void {
    this.wake?.();
  }

  /**
   * Stops after sending what the spool holds, or after `timeoutMs` — whatever
   * is left stays in the spool for the next start.
   */
  async close(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.options.spool.count > 0 && Date.now() < deadline) await sleep(50);
    this.stop.abort();
    this.notify();
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    const { spool, batchSize } = this.options;
    while (!this.stop.signal.aborted) {
      const batch = spool.readAfter(this.cursor, batchSize);
      const last = batch.at(-1);
      if (last === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      await this.publish(batch);
      spool.acknowledge(last.seq);
      this.cursor = last.seq;
      this.options.onDrained?.(spool.bytes);
    }
  }

  private async publish(batch: Parameters<RawPublisher['publish']>[0]): Promise<void> {
    let failing = false;
    const slow = setTimeout(() => {
      failing = true;
      this.options.onKafkaAvailability?.(false);
      this.options.log.warn(
        { waitedMs: this.options.ackTimeoutMs ?? 10_000, spoolBytes: this.options.spool.bytes },
        'Kafka has not acknowledged; the spool keeps absorbing the sources',
      );
    }, this.options.ackTimeoutMs ?? 10_000);
    try {
      await this.publishWithRetry(batch, () => {
        if (!failing) this.options.onKafkaAvailability?.(false);
        failing = true;
      });
    } finally {
      clearTimeout(slow);
    }
    if (failing) this.options.onKafkaAvailability?.(true);
  }

  private async publishWithRetry(batch: Parameters<RawPublisher['publish']>[0], onFailure: () => void): Promise<void> {
    await pRetry(() => this.options.publisher.publish(batch), {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: this.options.retryMinMs ?? 500,
      maxTimeout: this.options.retryMaxMs ?? 30_000,
      randomize: true,
      signal: this.stop.signal,
      // librdkafka marks errors the idempotent producer cannot recover from as fatal; the rest pass.
      shouldRetry: ({ error }) => (error as { fatal?: unknown }).fatal !== true,
      onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
        onFailure();
        this.options.log.warn(
          { err: error, attempt: attemptNumber, retryInMs: retryDelay, spoolBytes: this.options.spool.bytes },
          'Kafka did not acknowledge; keeping records in the spool and retrying',
        );
      },
    });
  }
}
