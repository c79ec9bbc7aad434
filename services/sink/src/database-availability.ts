import type { Logger } from '@tweet-pipeline/observability';
import { backoffDelay, type BackoffPolicy } from '@tweet-pipeline/mongo';
import { describeDatabaseError } from '@tweet-pipeline/mongo';

export interface DatabaseAvailabilityOptions {
  /** Resolves when the database answers and can take writes; rejects otherwise. */
  readonly probe: () => Promise<void>;
  readonly backoff: BackoffPolicy;
  readonly log: Logger;
  /** Told every change, for the availability gauge, /readyz and resuming paused partitions. */
  readonly onChange: (available: boolean) => void;
}

/**
 * Whether the database can take writes, and the loop that finds out when it
 * can again. A failed write marks it unavailable; the loop then probes with
 * capped exponential backoff (the attempt count survives a probe that passes
 * while writes still fail, so a flapping database is not hammered) until a
 * probe passes. `wake()` cuts the current wait short, e.g. when the driver's
 * monitor sees the server again.
 */
export class DatabaseAvailability {
  private up = false;
  private failures = 0;
  private probing: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: DatabaseAvailabilityOptions) {}

  get available(): boolean {
    return this.up;
  }

  /** A write reached the database: back to the shortest backoff. */
  writeSucceeded(): void {
    this.failures = 0;
    this.set(true);
  }

  /** A write found the database unavailable; starts probing unless already probing. */
  markUnavailable(reason: string): void {
    if (this.stopped) return;
    this.failures++;
    if (this.up) this.options.log.warn({ reason }, 'database unavailable; pausing consumption and retrying');
    this.set(false);
    this.probing ??= this.probeUntilUp().finally(() => {
      this.probing = undefined;
    });
  }

  /** Probes now instead of at the end of the current backoff. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Ends the probe loop (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.probing;
  }

  private async probeUntilUp(): Promise<void> {
    while (!this.stopped && !this.up) {
      const delayMs = backoffDelay(this.failures, this.options.backoff);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
      if (this.stopped) return;
      try {
        await this.options.probe();
        this.options.log.info({ failures: this.failures }, 'database available again; resuming consumption');
        this.set(true);
      } catch (err) {
        this.failures++;
        this.options.log.warn(
          { reason: describeDatabaseError(err).reason, failures: this.failures },
          'database still unavailable',
        );
      }
    }
  }

  private set(available: boolean): void {
    if (this.up === available) return;
    this.up = available;
    this.options.onChange(available);
  }
}
