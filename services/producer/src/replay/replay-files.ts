import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TweetSource } from '@tweet-pipeline/contracts';
import type { RawRecord } from '../raw-publisher.js';
import { replayLine } from './replay-lines.js';

export interface ReplayCounts {
  published: number;
  invalid: number;
  errorPayloads: number;
}

/**
 * Yields the records of JSONL files in file and line order, in batches, and
 * counts what it saw: tweets to publish, unreadable lines (to the DLQ) and
 * in-stream error payloads (not tweets, not published).
 */
export async function* replayFiles(
  files: readonly string[],
  counts: ReplayCounts,
  options: { batchSize?: number; source?: TweetSource; signal?: AbortSignal } = {},
): AsyncGenerator<RawRecord[]> {
  const batchSize = options.batchSize ?? 500;
  let batch: RawRecord[] = [];
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      if (options.signal?.aborted) return;
      const parsed = replayLine(line, Date.now(), options.source);
      if (parsed.kind === 'error-payload') counts.errorPayloads++;
      if (parsed.kind !== 'records') continue;
      for (const record of parsed.records) {
        if (record.invalid === undefined) counts.published++;
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
