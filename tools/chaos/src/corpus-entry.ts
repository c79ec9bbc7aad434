import type { DlqErrorCode } from '@tweet-pipeline/contracts';

/**
 * Bytes, stored so a manifest stays small and readable: text as UTF-8 (JSON
 * escapes carry control characters exactly), binary as base64, and large
 * inputs as concatenations and repetitions instead of megabytes of data.
 */
export type ByteSpec =
  | { readonly utf8: string }
  | { readonly base64: string }
  | { readonly concat: readonly ByteSpec[] }
  | { readonly repeat: ByteSpec; readonly times: number };

/** What the filter must make of the entry as a `tweets.raw` record. */
export type FilterExpectation =
  | {
      readonly outcome: 'pass';
      /** Fields the CleanTweet must have (e.g. nothing smuggled in through `__proto__`). */
      readonly clean?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly outcome: 'dlq';
      readonly code: DlqErrorCode;
      /**
       * `filter`: sent to `tweets.raw` as is. `producer`: no Kafka record can hold it, so it goes
       * through the producer's publisher, which must dead-letter it.
       */
      readonly service: 'filter' | 'producer';
      /** The DLQ record holds a prefix of the value (`original-size`, `original-sha256` headers). */
      readonly truncated?: boolean;
      /** A regular expression the `error-message` must match. */
      readonly reason?: string;
    };

/** What the replay must make of the entry as one line of a JSONL file. */
export type ReplayExpectation =
  | { readonly outcome: 'published'; readonly records: number }
  | { readonly outcome: 'dlq'; readonly code: DlqErrorCode; readonly truncated?: boolean }
  | { readonly outcome: 'error-payload' }
  | { readonly outcome: 'skipped' };

export interface CorpusEntry {
  /** Unique, kebab-case. */
  readonly kind: string;
  /** What it probes, and why the expected outcome is the right one. */
  readonly about: string;
  /** Record key on `tweets.raw`; null = no key. */
  readonly key: ByteSpec | null;
  /** Record value; null = no value (a tombstone). */
  readonly value: ByteSpec | null;
  /** Headers of the `tweets.raw` record, exactly; a missing name is a missing header. */
  readonly headers: Readonly<Record<string, string>>;
  readonly filter: FilterExpectation;
  /** Null when the value cannot be one JSONL line (it holds a line feed) or only headers differ. */
  readonly replay: ReplayExpectation | null;
}

export interface CorpusGroup {
  readonly group: string;
  readonly about: string;
  readonly entries: readonly CorpusEntry[];
}
