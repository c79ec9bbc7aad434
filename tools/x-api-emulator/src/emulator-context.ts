import type { Logger } from '@tweet-pipeline/observability';
import type { FaultPlan } from './faults.js';
import type { Firehose } from './firehose.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RuleBook } from './rule-book.js';
import type { SentLog } from './sent-log.js';
import type { TweetStore } from './tweet-store.js';
import type { UsageFigures } from './usage-endpoint.js';

/** The emulator's state, shared by its endpoint handlers. */
export interface EmulatorContext {
  readonly bearerToken: string;
  readonly log: Logger;
  readonly rules: RuleBook;
  readonly store: TweetStore;
  readonly faults: FaultPlan;
  readonly firehose: Firehose;
  readonly sent: SentLog;
  /** One budget per endpoint, as X counts them. */
  readonly limits: {
    readonly stream: RateLimiter;
    readonly listRules: RateLimiter;
    readonly updateRules: RateLimiter;
    readonly search: RateLimiter;
    readonly usage: RateLimiter;
  };
  /** The figures `GET /2/usage/tweets` reports now. */
  usage(): UsageFigures;
  /** Back to the state at start: no rules, tweets, faults or sent lines; fresh rate-limit windows. */
  reset(): void;
}
