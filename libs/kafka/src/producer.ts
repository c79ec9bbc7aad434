import { MAX_RECORD_BYTES } from '@tweet-pipeline/contracts';
import type { Kafka, Producer } from './client.js';
import { CompressionTypes } from './client.js';

export interface ProducerOptions {
  /** Set for the filter's exactly-once transactions; unique per instance and stable across its restarts. */
  readonly transactionalId?: string;
  /** Batching delay; awaiting single sends with a large linger is slow, so it is chosen on purpose here. */
  readonly lingerMs?: number;
  /**
   * How long the broker keeps a transaction of a dead producer open before
   * aborting it. Until then read_committed readers of its partitions wait, so
   * it is short (15 s, the client's default is 60 s) yet longer than any batch.
   */
  readonly transactionTimeoutMs?: number;
}

/**
 * An idempotent producer with `acks=all` (architecture: no loss, no
 * duplicates from retries). Every writer of a topic must use this client so
 * keys hash to the same partitions (librdkafka's partitioner is not Java's).
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  return kafka.producer({
    'linger.ms': options.lingerMs ?? 5,
    // The limit every stage checks records against before sending (see MAX_RECORD_BYTES).
    'message.max.bytes': MAX_RECORD_BYTES,
    kafkaJS: {
      idempotent: true,
      acks: -1,
      compression: CompressionTypes.LZ4,
      ...(options.transactionalId === undefined
        ? {}
        : { transactionalId: options.transactionalId, transactionTimeout: options.transactionTimeoutMs ?? 15_000 }),
    },
  });
}

/** A connected producer; one whose connect failed is disconnected, so a retry starts from a fresh client. */
export async function connectedProducer(kafka: Kafka, options: ProducerOptions = {}): Promise<Producer> {
  const producer = createProducer(kafka, options);
  try {
    await producer.connect();
    return producer;
  } catch (err) {
    await producer.disconnect().catch(() => undefined);
    throw err;
  }
}
