import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import type { TweetMessage } from './tweet-store.js';

export interface SyntheticFeedOptions {
  /** Tweets per second; 0 posts none. */
  readonly ratePerSecond: number;
  readonly seed: number;
  /** Share of tweets about music (what the demo's rules look for). */
  readonly musicRatio: number;
  /** Share of repeats of an earlier tweet: X redelivers, so the pipeline must dedupe. */
  readonly duplicateRatio: number;
  /** Share of tweets sent as long, edited, media, poll, place or referenced posts; each shape's includes go along. */
  readonly richRatio?: number;
  readonly post: (message: TweetMessage) => void;
}

const TICK_MS = 100;

/**
 * Posts synthetic tweets at a steady rate (one batch per 100 ms tick) from
 * `SyntheticTweets`, whose ids grow from the start time like X snowflakes.
 * Its malformed records are skipped: X never posts a tweet that is not JSON
 * (the `malformed-line` fault breaks lines on the wire instead).
 */
export class SyntheticFeed {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SyntheticFeedOptions) {}

  start(): void {
    if (this.options.ratePerSecond <= 0 || this.timer !== undefined) return;
    const tweets = new SyntheticTweets({
      seed: this.options.seed,
      musicRatio: this.options.musicRatio,
      duplicateRatio: this.options.duplicateRatio,
      richRatio: this.options.richRatio ?? 0,
      invalidRatio: 0,
      startMs: Date.now(),
    });
    const started = Date.now();
    let posted = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * this.options.ratePerSecond);
      for (; posted < due; posted++) {
        const record = tweets.next();
        if (record.kind === 'invalid') continue;
        const { data, includes } = record.message;
        this.options.post({ data, ...(includes === undefined ? {} : { includes }) } as TweetMessage);
      }
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
