import kafkaJavascript from '@confluentinc/kafka-javascript';
import type { KafkaJS as KafkaJSTypes } from '@confluentinc/kafka-javascript';
import type { Logger } from '@tweet-pipeline/observability';

// The package is CommonJS; its KafkaJS-compatible API hangs off the default export.
const { KafkaJS } = kafkaJavascript;

export type Kafka = KafkaJSTypes.Kafka;
export type Producer = KafkaJSTypes.Producer;
export type Consumer = KafkaJSTypes.Consumer;
export type Admin = KafkaJSTypes.Admin;
export type KafkaMessage = KafkaJSTypes.KafkaMessage;
export type EachBatchPayload = KafkaJSTypes.EachBatchPayload;
export type IHeaders = KafkaJSTypes.IHeaders;
export type Message = KafkaJSTypes.Message;
export type TopicMessages = KafkaJSTypes.TopicMessages;
export type ITopicConfig = KafkaJSTypes.ITopicConfig;
export const { logLevel, CompressionTypes, PartitionAssigners } = KafkaJS;

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly log: Logger;
}

/**
 * How often every client re-reads the metadata of the topics it uses. A
 * consumer subscribed to a topic it cannot see yet (created a moment before
 * by another service, or its metadata not propagated) looks for it again only
 * at this interval — librdkafka's default is 5 minutes, a 5-minute stall at
 * start-up. 30 s bounds that stall (ensureTopics also waits for leaders) and
 * lets consumers notice added partitions soon; the cost is one small
 * Metadata request per client every 30 s.
 */
export const METADATA_REFRESH_INTERVAL_MS = 30_000;

/** The one place a Kafka client is built; every service and test goes through it. */
export function createKafka(options: KafkaClientOptions): Kafka {
  return new KafkaJS.Kafka({
    'topic.metadata.refresh.interval.ms': METADATA_REFRESH_INTERVAL_MS,
    kafkaJS: {
      brokers: [...options.brokers],
      clientId: options.clientId,
      logLevel: logLevel.WARN,
      logger: pinoKafkaLogger(options.log.child({ component: 'kafka-client' })),
    },
  });
}

function pinoKafkaLogger(log: Logger): KafkaJSTypes.Logger {
  const adapter: KafkaJSTypes.Logger = {
    info: (message, extra) => log.info(extra ?? {}, message),
    warn: (message, extra) => log.warn(extra ?? {}, message),
    error: (message, extra) => log.error(extra ?? {}, message),
    debug: (message, extra) => log.debug(extra ?? {}, message),
    namespace: (namespace) => pinoKafkaLogger(log.child({ namespace })),
    setLogLevel: () => undefined,
  };
  return adapter;
}
