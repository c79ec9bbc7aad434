/** A count's average rate since the meter was made, for progress lines (`15,234 tweets/s`). */
export class RateMeter {
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** Seconds since the meter was made. */
  get seconds(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  /** `count` per second since the meter was made; 0 before any time has passed. */
  perSecond(count: number): number {
    const seconds = this.seconds;
    return seconds > 0 ? count / seconds : 0;
  }
}
