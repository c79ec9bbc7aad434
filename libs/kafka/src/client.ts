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

/** The one place a Kafka client is built; every service and test goes through it. */
export function createKafka(options: KafkaClientOptions): Kafka {
  return new KafkaJS.Kafka({
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
