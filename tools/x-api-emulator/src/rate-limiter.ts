/** X's rate-limit windows are 15 minutes long. */
export const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** `x-rate-limit-limit|remaining|reset` (reset in epoch seconds), sent on every response of the endpoint. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * One endpoint's request budget: `limit` requests per fixed window that starts
 * with the first request, as X counts per app and endpoint. A refused request
 * does not consume budget.
 */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number = FIFTEEN_MINUTES_MS,
    private readonly now: () => number = Date.now,
  ) {}

  take(): RateLimitDecision {
    const now = this.now();
    if (now >= this.windowStart + this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return {
      allowed,
      headers: {
        'x-rate-limit-limit': String(this.limit),
        'x-rate-limit-remaining': String(this.limit - this.used),
        'x-rate-limit-reset': String(Math.ceil((this.windowStart + this.windowMs) / 1000)),
      },
    };
  }

  reset(): void {
    this.windowStart = 0;
    this.used = 0;
  }
}
