import type { TweetSource } from '@tweet-pipeline/contracts';
import { fitsInKafka, type RawRecord } from '../raw-publisher.js';
import { jsonlLines } from './jsonl-lines.js';
import { replayLine } from './replay-lines.js';

export interface ReplayCounts {
  /** Records for `tweets.raw`. */
  published: number;
  /** Records for `tweets.dlq`: unreadable lines, and tweets too large for a Kafka record. */
  invalid: number;
  /** In-stream error payloads: not tweets, not published. */
  errorPayloads: number;
  /** Empty and whitespace-only lines, and search pages without tweets: nothing to publish. */
  skipped: number;
}

/** How far the reading got, for a progress line. */
export interface ReplayRead {
  lines: number;
  /** Bytes of the lines read, one byte per line end included. */
  bytes: number;
}

/**
 * Yields the records of JSONL files in file and line order, in batches, and
 * counts what it saw, so every line is accounted for in exactly one count
 * (a search page counts each of its tweets). `read`, when given, is kept up to
 * date line by line.
 */
export async function* replayFiles(
  files: readonly string[],
  counts: ReplayCounts,
  options: { batchSize?: number; source?: TweetSource; signal?: AbortSignal; read?: ReplayRead } = {},
): AsyncGenerator<RawRecord[]> {
  const batchSize = options.batchSize ?? 500;
  let batch: RawRecord[] = [];
  for (const file of files) {
    for await (const line of jsonlLines(file)) {
      if (options.signal?.aborted) return;
      if (options.read !== undefined) {
        options.read.lines++;
        options.read.bytes += line.length + 1;
      }
      const parsed = replayLine(line, Date.now(), options.source);
      if (parsed.kind === 'error-payload') counts.errorPayloads++;
      if (parsed.kind === 'empty') counts.skipped++;
      if (parsed.kind !== 'records') continue;
      for (const record of parsed.records) {
        if (record.invalid === undefined && fitsInKafka(record)) counts.published++;
        else counts.invalid++;
        batch.push(record);
      }
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
