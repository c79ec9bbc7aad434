import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toFaultSpec, toTweetMessages } from './control-input.js';
import type { EmulatorContext } from './emulator-context.js';
import { FaultPlan, type FaultSpec } from './faults.js';
import { Firehose } from './firehose.js';
import { isJsonObject } from './json-object.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { createRequestListener } from './router.js';
import { RuleBook, type StreamRule } from './rule-book.js';
import { SentLog } from './sent-log.js';
import { SnowflakeIds } from './snowflake.js';
import { SyntheticFeed } from './synthetic-feed.js';
import { TweetStore, type TweetMessage } from './tweet-store.js';
import type { UsageFigures } from './usage-endpoint.js';

/** An X v2 stream message to post: `data` (with `id` and `text`) and optionally `includes`. */
export interface InjectableMessage {
  readonly data: object;
  readonly includes?: object;
}

export interface RunningEmulator {
  /** Base URL to use instead of `https://api.x.com`, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  readonly port: number;
  /** True while a filtered-stream client is connected. */
  readonly connected: boolean;
  /** Stream connections accepted since start or reset. */
  readonly connections: number;
  /**
   * Posts tweets as if just published on X: kept for recent search, streamed
   * when they match a rule.
   *
   * @throws EmulatorInputError (INVALID_TWEET_MESSAGE) when one is not an X v2 stream message.
   */
  inject(messages: readonly InjectableMessage[]): void;
  readonly faults: {
    /** @throws EmulatorInputError (INVALID_FAULT) for an unknown type or a bad count/duration. */
    add(fault: FaultSpec): void;
    pending(): FaultSpec[];
    clear(): void;
  };
  /** The tweet lines streamed whole to clients, oldest first, as the JSON strings written. */
  sent(): string[];
  rules(): readonly StreamRule[];
  /** Sets what `GET /2/usage/tweets` reports from now on (`used` then grows with each post streamed). */
  setUsage(figures: Partial<UsageFigures>): void;
  /** Back to the start state: no rules, tweets, faults or sent lines, fresh rate limits (an open stream stays). */
  reset(): void;
  /** Stops posting and serving; drops an open stream. */
  close(): Promise<void>;
}

/** Recorded search pages hold many tweets under one `includes`; stream messages hold one. */
function seedMessages(seed: readonly unknown[]): TweetMessage[] {
  return toTweetMessages(
    seed.flatMap((item) =>
      isJsonObject(item) && Array.isArray(item['data'])
        ? item['data'].map((data: unknown) => ({
            data,
            ...(isJsonObject(item['includes']) ? { includes: item['includes'] } : {}),
          }))
        : [item],
    ),
  );
}

/**
 * Starts an X API v2 emulator (filtered stream, stream rules, recent search,
 * and X's failures on demand) on a local port. Use it in-process from tests;
 * `main.ts` runs it as a service.
 *
 * @throws the listen error when the port is taken, and EmulatorInputError
 *   when `recentSeed` holds something that is not an X message.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const o = resolveOptions(options);
  const log = o.log.child({ component: 'x-api-emulator' });
  const seed = seedMessages(o.recentSeed);
  const window = o.rateLimitWindowMs;
  const store = new TweetStore({ capacity: o.recentCapacity, retentionMs: o.recentRetentionMs });
  const rules = new RuleBook({ ids: new SnowflakeIds(), maxRules: o.maxRules, maxRuleLength: o.maxRuleLength });
  const faults = new FaultPlan();
  const sent = new SentLog(o.sentCapacity);
  const firehose = new Firehose({
    store,
    rules,
    faults,
    sent,
    keepAliveMs: o.keepAliveMs,
    slowReaderMs: o.slowReaderMs,
    log,
  });
  const limits = {
    stream: new RateLimiter(o.streamConnectLimit, window),
    listRules: new RateLimiter(o.rulesLimit, window),
    updateRules: new RateLimiter(o.rulesLimit, window),
    search: new RateLimiter(o.searchLimit, window),
    usage: new RateLimiter(o.usageLimit, window),
  };
  let usage = { used: o.usagePostReads, cap: o.usageCap, capResetDay: o.usageCapResetDay };
  let deliveredBefore = 0;
  const seedStore = () => seed.forEach((message) => store.add(message));
  seedStore();
  const ctx: EmulatorContext = {
    bearerToken: o.bearerToken,
    log,
    rules,
    store,
    faults,
    firehose,
    sent,
    limits,
    usage: () => ({ ...usage, used: usage.used + Math.max(0, sent.snapshot().length - deliveredBefore) }),
    reset: () => {
      rules.clear();
      store.clear();
      seedStore();
      faults.clear();
      sent.clear();
      firehose.resetCounters();
      Object.values(limits).forEach((limit) => limit.reset());
      log.info('emulator reset');
    },
  };

  const server = createServer(createRequestListener(ctx));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  const feed = new SyntheticFeed({
    ratePerSecond: o.ratePerSecond,
    seed: o.seed,
    musicRatio: o.musicRatio,
    duplicateRatio: o.duplicateRatio,
    richRatio: o.richRatio,
    post: (message) => firehose.publish(message),
  });
  feed.start();
  log.info(
    { url, ratePerSecond: o.ratePerSecond, seed: o.seed, seededTweets: seed.length },
    'X API emulator listening',
  );

  return {
    url,
    port,
    get connected() {
      return firehose.connected;
    },
    get connections() {
      return firehose.connections;
    },
    inject: (messages) => toTweetMessages(messages).forEach((message) => firehose.publish(message)),
    faults: {
      add: (fault) => {
        faults.add(toFaultSpec(fault));
        firehose.applyStreamFaults();
      },
      pending: () => faults.pending(),
      clear: () => faults.clear(),
    },
    sent: () => sent.snapshot(),
    rules: () => rules.list(),
    setUsage: (figures) => {
      usage = { ...usage, ...figures };
      deliveredBefore = sent.snapshot().length;
    },
    reset: ctx.reset,
    close: () =>
      new Promise<void>((resolve) => {
        feed.stop();
        firehose.close();
        server.closeAllConnections();
        server.close(() => resolve());
        log.info('X API emulator closed');
      }),
  };
}
