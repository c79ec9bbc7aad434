import { createLogger, type Logger } from '@tweet-pipeline/observability';
import { FIFTEEN_MINUTES_MS } from './rate-limiter.js';

/** How to run the emulator; every field has X's value (or a test-friendly one) as default. */
export interface EmulatorOptions {
  /** 0 (the default) asks the OS for a free port; read it back from `RunningEmulator.port`. */
  readonly port?: number;
  readonly host?: string;
  /** The only bearer token accepted. Default `emulator-token`. */
  readonly bearerToken?: string;
  /** Synthetic tweets posted per second; 0 posts none (tests then inject what they need). Default 20. */
  readonly ratePerSecond?: number;
  /** Seed of the synthetic tweets; random by default. */
  readonly seed?: number;
  /** Share of synthetic tweets about music. Default 0.3. */
  readonly musicRatio?: number;
  /** Share of synthetic tweets that repeat an earlier one (X redelivers). Default 0.05. */
  readonly duplicateRatio?: number;
  /** Share of synthetic tweets sent as long, edited, media, poll, place or referenced posts (`RichShapes`). Default 0. */
  readonly richRatio?: number;
  /** Silence after which a bare `\r\n` is sent (X: at most 20 s). Default 10,000. */
  readonly keepAliveMs?: number;
  /** How long a client may leave the socket full before it is disconnected. Default 10,000. */
  readonly slowReaderMs?: number;
  /** Requests per rate-limit window: recent search (default 450), stream connects (50), rules reads and writes (450 each). */
  readonly searchLimit?: number;
  readonly streamConnectLimit?: number;
  readonly rulesLimit?: number;
  /** Rate-limit window length. Default 15 minutes, as X. */
  readonly rateLimitWindowMs?: number;
  /** Pay-per-use caps: 1,000 rules of at most 1,024 characters. */
  readonly maxRules?: number;
  readonly maxRuleLength?: number;
  /** Tweets kept for recent search (default 50,000) and for how long (default 7 days, as X). */
  readonly recentCapacity?: number;
  readonly recentRetentionMs?: number;
  /**
   * `GET /2/usage/tweets`: post reads of the cycle before start (default 0; streamed
   * posts add to it), the cap (default 3,000,000, pay-per-use), the day a cycle
   * starts (default 1), and its request budget (default 50 per window, as X).
   */
  readonly usagePostReads?: number;
  readonly usageCap?: number;
  readonly usageCapResetDay?: number;
  readonly usageLimit?: number;
  /** Tweet lines kept for `sent()`. Default 100,000. */
  readonly sentCapacity?: number;
  /** Recorded recent-search pages (`{data: [...], includes}`) or stream messages to preload for search. */
  readonly recentSeed?: readonly unknown[];
  /** Where to log; silent by default, so tests stay quiet. */
  readonly log?: Logger;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'recentSeed'>> & {
  readonly recentSeed: readonly unknown[];
};

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    bearerToken: options.bearerToken ?? 'emulator-token',
    ratePerSecond: options.ratePerSecond ?? 20,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    musicRatio: options.musicRatio ?? 0.3,
    duplicateRatio: options.duplicateRatio ?? 0.05,
    richRatio: options.richRatio ?? 0,
    keepAliveMs: options.keepAliveMs ?? 10_000,
    slowReaderMs: options.slowReaderMs ?? 10_000,
    searchLimit: options.searchLimit ?? 450,
    streamConnectLimit: options.streamConnectLimit ?? 50,
    rulesLimit: options.rulesLimit ?? 450,
    rateLimitWindowMs: options.rateLimitWindowMs ?? FIFTEEN_MINUTES_MS,
    maxRules: options.maxRules ?? 1_000,
    maxRuleLength: options.maxRuleLength ?? 1_024,
    recentCapacity: options.recentCapacity ?? 50_000,
    recentRetentionMs: options.recentRetentionMs ?? 7 * 24 * 60 * 60 * 1000,
    sentCapacity: options.sentCapacity ?? 100_000,
    usagePostReads: options.usagePostReads ?? 0,
    usageCap: options.usageCap ?? 3_000_000,
    usageCapResetDay: options.usageCapResetDay ?? 1,
    usageLimit: options.usageLimit ?? 50,
    recentSeed: options.recentSeed ?? [],
    log: options.log ?? createLogger({ service: 'x-api-emulator', level: 'silent' }),
  };
}
