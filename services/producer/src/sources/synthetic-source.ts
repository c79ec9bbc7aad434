import { setTimeout as sleep } from 'node:timers/promises';
import type { RawRecord } from '../raw-publisher.js';
import { SyntheticTweets, type SyntheticOptions } from '@tweet-pipeline/synthetic';

export interface SyntheticSourceOptions extends SyntheticOptions {
  readonly ratePerSecond: number;
  /** Stop after this many records; 0 runs until aborted. */
  readonly count: number;
}

const TICK_MS = 100;

/**
 * Yields batches of synthetic raw records at a steady rate (one batch per
 * 100 ms tick), until `count` records or the signal aborts.
 */
export async function* syntheticBatches(
  options: SyntheticSourceOptions,
  signal: AbortSignal,
): AsyncGenerator<RawRecord[]> {
  const tweets = new SyntheticTweets({ ...options, startMs: options.startMs ?? Date.now() });
  const started = Date.now();
  let sent = 0;
  while (!signal.aborted && (options.count === 0 || sent < options.count)) {
    const due = Math.floor(((Date.now() - started + TICK_MS) / 1000) * options.ratePerSecond);
    const size = Math.min(due - sent, options.count === 0 ? Infinity : options.count - sent);
    if (size > 0) {
      const receivedAt = Date.now();
      const batch: RawRecord[] = [];
      for (let i = 0; i < size; i++) {
        const record = tweets.next();
        const value = record.kind === 'invalid' ? record.bytes : JSON.stringify(record.message);
        batch.push({ key: record.key, value, source: 'synthetic', receivedAt });
      }
      sent += size;
      yield batch;
    }
    await sleep(TICK_MS, undefined, { signal }).catch(() => undefined);
  }
}
