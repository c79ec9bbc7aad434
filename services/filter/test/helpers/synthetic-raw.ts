import { RawHeaders } from '@tweet-pipeline/contracts';
import type { Message } from '@tweet-pipeline/kafka';
import type { SyntheticRecord } from '@tweet-pipeline/synthetic';

/**
 * A synthetic record as the producer service publishes it to `tweets.raw`:
 * keyed by tweet id, the message bytes as JSON, `source` and `received-at`
 * headers. Tests and benchmarks write raw records through this so the filter
 * sees exactly what production would give it.
 */
export function toRawMessage(record: SyntheticRecord, receivedAt: number): Message {
  return {
    key: record.key,
    value: record.kind === 'invalid' ? record.bytes : JSON.stringify(record.message),
    headers: { [RawHeaders.source]: 'synthetic', [RawHeaders.receivedAt]: String(receivedAt) },
  };
}

/**
 * The ids the filter must publish for these records under its default rule:
 * the first copy of each music tweet. Only right when the default rule
 * matches exactly the generator's music tweets; the caller checks that.
 */
export function passingIds(records: readonly SyntheticRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const record of records) if (record.kind === 'tweet' && record.music) ids.add(record.key);
  return ids;
}
