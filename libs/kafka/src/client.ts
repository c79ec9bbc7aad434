import kafkaJavascript from '@confluentinc/kafka-javascript';
import type { KafkaJS as KafkaJSTypes } from '@confluentinc/kafka-javascript';
import type { Logger } from '@tweet-pipeline/observability';
import { kafkaAccessMonitor } from './access-monitor.js';
import { librdkafkaSecurityProperties, PLAINTEXT_SECURITY, type KafkaSecurity } from './security.js';

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
  /** SASL/TLS settings (libs/config `loadKafkaSecurity`); plaintext when absent. */
  readonly security?: KafkaSecurity;
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

/** The options each client was built with, for the helpers that need a second client on the same brokers. */
const optionsByClient = new WeakMap<Kafka, KafkaClientOptions>();

/** The options `kafka` was built with by createKafka; undefined for a client built elsewhere (a test double). */
export function clientOptionsOf(kafka: Kafka): KafkaClientOptions | undefined {
  return optionsByClient.get(kafka);
}

/** The one place a Kafka client is built; every service and test goes through it. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const kafka = new KafkaJS.Kafka({
    'topic.metadata.refresh.interval.ms': METADATA_REFRESH_INTERVAL_MS,
    ...librdkafkaSecurityProperties(options.security ?? PLAINTEXT_SECURITY),
    kafkaJS: {
      brokers: [...options.brokers],
      clientId: options.clientId,
      logLevel: logLevel.WARN,
      logger: pinoKafkaLogger(options.log.child({ component: 'kafka-client' }), accessContext(options.security)),
    },
  });
  optionsByClient.set(kafka, options);
  return kafka;
}

/** What the access monitor may say about the client: mechanism and user, never the password. */
function accessContext(security: KafkaSecurity | undefined): { mechanism?: string; user?: string } {
  return security?.sasl === undefined ? {} : { mechanism: security.sasl.mechanism, user: security.sasl.username };
}

/**
 * Client log lines go to pino, except those about a broker refusing the
 * client (credentials, TLS): librdkafka repeats them on every reconnect, so
 * the access monitor turns them into one error line and a /readyz reason.
 */
function pinoKafkaLogger(log: Logger, access: { mechanism?: string; user?: string }): KafkaJSTypes.Logger {
  const unlessAccess = (write: (message: string) => void) => (message: string) => {
    if (!kafkaAccessMonitor.observe(message, log, access)) write(message);
  };
  const adapter: KafkaJSTypes.Logger = {
    info: (message, extra) => log.info(extra ?? {}, message),
    warn: (message, extra) => unlessAccess((m) => log.warn(extra ?? {}, m))(message),
    error: (message, extra) => unlessAccess((m) => log.error(extra ?? {}, m))(message),
    debug: (message, extra) => log.debug(extra ?? {}, message),
    namespace: (namespace) => pinoKafkaLogger(log.child({ namespace }), access),
    setLogLevel: () => undefined,
  };
  return adapter;
}
