import type { RateMeter } from '@tweet-pipeline/cli';
import type { ReplayCounts, ReplayRead } from './replay-files.js';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The replay's progress line: lines read and their rate, bytes read, and the counts so far, e.g.
 * `12,345 lines (4,567 lines/s), 8.1 MB; published 12,000, invalid 3, error payloads 1, skipped 2`.
 */
export function replayProgressText(read: ReplayRead, counts: ReplayCounts, meter: RateMeter): string {
  return (
    `${count(read.lines)} lines (${count(Math.round(meter.perSecond(read.lines)))} lines/s), ` +
    `${(read.bytes / 1e6).toFixed(1)} MB; published ${count(counts.published)}, invalid ${count(counts.invalid)}, ` +
    `error payloads ${count(counts.errorPayloads)}, skipped ${count(counts.skipped)}`
  );
}
