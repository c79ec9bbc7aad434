import { randomUUID } from 'node:crypto';
import kafkaJavascript from '@confluentinc/kafka-javascript';
import type { Logger } from '@tweet-pipeline/observability';
import { librdkafkaSecurityProperties, PLAINTEXT_SECURITY, type KafkaSecurity } from './security.js';

export interface ReadToEndOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** The same SASL/TLS settings as the service's other clients; plaintext when absent. */
  readonly security?: KafkaSecurity;
  readonly topic: string;
  readonly partitions: readonly number[];
  readonly log: Logger;
  /** Called for every committed record, in offset order per partition. */
  readonly onRecord: (partition: number, key: Buffer | null, value: Buffer | null) => void;
  /** Give up when no record and no end-of-partition arrives for this long. */
  readonly idleTimeoutMs?: number;
}

/**
 * Reads whole partitions of a topic, from the beginning to their current end,
 * as a `read_committed` reader outside any consumer group (manual assignment:
 * the KafkaJS-style API has none, so this uses the client's librdkafka API).
 * For restoring state kept in a compacted topic, partition by partition.
 *
 * @throws Error when the broker stops answering for `idleTimeoutMs`.
 */
export async function readPartitionsToEnd(options: ReadToEndOptions): Promise<number> {
  if (options.partitions.length === 0) return 0;
  const consumer = new kafkaJavascript.KafkaConsumer(
    {
      'bootstrap.servers': options.brokers.join(','),
      ...librdkafkaSecurityProperties(options.security ?? PLAINTEXT_SECURITY),
      'client.id': options.clientId,
      // librdkafka wants a group id even for manual assignment; nothing is committed to it.
      'group.id': `${options.clientId}-reader-${randomUUID()}`,
      'enable.auto.commit': false,
      'enable.partition.eof': true,
      'isolation.level': 'read_committed',
      'fetch.max.bytes': 52_428_800,
      'max.partition.fetch.bytes': 10_485_760,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  await new Promise<void>((resolve, reject) => consumer.connect({}, (err) => (err ? reject(err) : resolve())));
  const pending = new Set(options.partitions);
  let records = 0;
  try {
    consumer.on('partition.eof', ({ partition }) => pending.delete(partition));
    consumer.assign(options.partitions.map((partition) => ({ topic: options.topic, partition, offset: -2 })));
    consumer.setDefaultConsumeTimeout(100);
    let lastProgress = Date.now();
    while (pending.size > 0) {
      const batch = await new Promise<kafkaJavascript.Message[]>((resolve, reject) =>
        consumer.consume(10_000, (err, messages) => (err ? reject(err) : resolve(messages))),
      );
      for (const message of batch) {
        const key = typeof message.key === 'string' ? Buffer.from(message.key) : (message.key ?? null);
        options.onRecord(message.partition, key, message.value ?? null);
      }
      records += batch.length;
      if (batch.length > 0) lastProgress = Date.now();
      else if (Date.now() - lastProgress > (options.idleTimeoutMs ?? 60_000)) {
        throw new Error(`reading ${options.topic} partitions ${[...pending].join(',')} made no progress`);
      }
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
  options.log.debug({ topic: options.topic, partitions: options.partitions, records }, 'read partitions to end');
  return records;
}
