const X_EPOCH_MS = 1_288_834_974_657n;

/**
 * Issues X-style snowflake ids (decimal strings, 19 digits today, above 2^53)
 * for the rules the emulator creates, so a client that parses them as JS
 * numbers breaks here as it would against X.
 */
export class SnowflakeIds {
  private lastMs = 0n;
  private sequence = 0n;

  constructor(
    private readonly workerId = 1n,
    private readonly now: () => number = Date.now,
  ) {}

  next(): string {
    let ms = BigInt(this.now());
    if (ms <= this.lastMs) {
      // Same (or an earlier) millisecond: keep ids strictly increasing.
      ms = this.lastMs;
      this.sequence++;
      if (this.sequence >= 4096n) {
        ms++;
        this.sequence = 0n;
      }
    } else {
      this.sequence = 0n;
    }
    this.lastMs = ms;
    return (((ms - X_EPOCH_MS) << 22n) | ((this.workerId & 0x3ffn) << 12n) | this.sequence).toString();
  }
}

/** Epoch ms encoded in a snowflake id. */
export function snowflakeTimeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + X_EPOCH_MS);
}
