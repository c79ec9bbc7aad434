import type { ServerResponse } from 'node:http';
import type { Logger } from '@tweet-pipeline/observability';
import { buildIncludes, shapeTweet, type FieldSelection } from './field-selection.js';
import type { FaultPlan } from './faults.js';
import type { RuleBook } from './rule-book.js';
import { prepareStoredTweet } from './rule-matching.js';
import type { SentLog } from './sent-log.js';
import { StreamConnection } from './stream-connection.js';
import type { TweetMessage, TweetStore } from './tweet-store.js';

export interface FirehoseOptions {
  readonly store: TweetStore;
  readonly rules: RuleBook;
  readonly faults: FaultPlan;
  readonly sent: SentLog;
  readonly keepAliveMs: number;
  readonly slowReaderMs: number;
  readonly log: Logger;
}

/**
 * Every tweet "posted on X" passes through here: it is kept for recent search
 * and, when it matches a current rule, written to the one open filtered
 * stream in the fields that stream asked for. Rules are read per tweet, so a
 * rule change applies to the open stream at once, without reconnecting.
 */
export class Firehose {
  private stream: { connection: StreamConnection; selection: FieldSelection } | undefined;
  private opened = 0;

  constructor(private readonly options: FirehoseOptions) {}

  /** True while a filtered-stream connection is open (X pay-per-use allows one). */
  get connected(): boolean {
    return this.stream !== undefined;
  }

  /** How many stream connections were accepted since start (or reset). */
  get connections(): number {
    return this.opened;
  }

  /** Starts streaming on `res` (headers already sent); undefined when a stream is already open. */
  attach(res: ServerResponse, selection: FieldSelection): StreamConnection | undefined {
    if (this.stream !== undefined) return undefined;
    const connection = new StreamConnection({
      res,
      id: ++this.opened,
      keepAliveMs: this.options.keepAliveMs,
      slowReaderMs: this.options.slowReaderMs,
      faults: this.options.faults,
      log: this.options.log,
      onDelivered: (line) => this.options.sent.record(line),
      onClosed: (closed) => {
        if (this.stream?.connection === closed) this.stream = undefined;
      },
    });
    this.stream = { connection, selection };
    this.options.log.info({ connection: this.opened }, 'stream connected');
    connection.applyPendingFault();
    return connection;
  }

  /** Posts one tweet: stored for search, streamed if it matches a rule. */
  publish(message: TweetMessage): void {
    const stored = this.options.store.add(message);
    const stream = this.stream;
    if (stream === undefined) return;
    const matching = this.options.rules.matching(prepareStoredTweet(stored));
    if (matching.length === 0) return;
    const source = this.options.store.includesSourceFor(stored);
    const includes = buildIncludes([{ tweet: stored.data, source }], stream.selection);
    const line = JSON.stringify({
      data: shapeTweet(stored.data, stream.selection),
      ...(includes === undefined ? {} : { includes }),
      matching_rules: matching,
    });
    stream.connection.deliver(line);
  }

  /** Lets a newly added stream fault hit the open stream now. */
  applyStreamFaults(): void {
    this.stream?.connection.applyPendingFault();
  }

  close(): void {
    this.stream?.connection.destroy();
    this.stream = undefined;
  }

  resetCounters(): void {
    this.opened = 0;
  }
}
