/**
 * The largest record (key + value + headers + framing) any pipeline producer
 * sends: librdkafka's default `message.max.bytes`, set explicitly on every
 * producer, and below the broker's default `message.max.bytes` (1,048,588).
 * A record above it is refused by the client before it reaches a broker and
 * would be refused again on every retry, so stages check against it first.
 */
export const MAX_RECORD_BYTES = 1_000_000;

/** Per-record framing librdkafka counts against `message.max.bytes` (v2 record: length, attributes, deltas, lengths). */
const RECORD_FRAMING_BYTES = 36;
/** Per-header framing: the two length varints. */
const HEADER_FRAMING_BYTES = 10;

export interface SizedRecord {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string | Buffer | undefined>>;
}

/**
 * What a record counts against `MAX_RECORD_BYTES`, computed as librdkafka does
 * (an upper bound: varints counted at their largest). Strings count as UTF-8.
 */
export function recordBytes(record: SizedRecord): number {
  let bytes = RECORD_FRAMING_BYTES + byteLength(record.key) + byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    bytes += HEADER_FRAMING_BYTES + Buffer.byteLength(name) + byteLength(value);
  }
  return bytes;
}

function byteLength(data: string | Buffer | null | undefined): number {
  if (data === null || data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}
