import { readFileSync } from 'node:fs';
import { Admin, ConfigResourceTypes, type ConnectionOptions } from '@platformatic/kafka';
import type { KafkaSecurity } from './security.js';

/** Where the topics are, and how to reach them: the same options createKafka was given. */
export interface TopicConfigReaderOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly security?: KafkaSecurity;
  /** Per connection and request; 5 s by default (start-up waits at most about this long for a check it then skips). */
  readonly timeoutMs?: number;
}

/** Reads the effective configuration of topics: `topic → (name → value)`. */
export type TopicConfigReader = (topics: readonly string[]) => Promise<Map<string, Map<string, string>>>;

/** The settings the start-up check judges; asking only for them keeps the answer small. */
const CHECKED_KEYS = ['cleanup.policy', 'retention.ms', 'max.message.bytes'];

/**
 * A reader of topic configurations over Kafka's DescribeConfigs request.
 * It uses a second, pure-TypeScript client (@platformatic/kafka) only for this
 * read: the KafkaJS layer of @confluentinc/kafka-javascript 1.10.1 (the latest)
 * has no describeConfigs — see docs/decisions/topic-config-reader.md. One
 * short-lived connection per call, with the same SASL/TLS settings.
 *
 * @throws the client's error when the brokers cannot be reached or refuse
 *   DescribeConfigs (e.g. no DESCRIBE_CONFIGS ACL).
 */
export function topicConfigReader(options: TopicConfigReaderOptions): TopicConfigReader {
  return async (topics) => {
    const timeout = options.timeoutMs ?? 5_000;
    const admin = new Admin({
      clientId: `${options.clientId}-config-check`,
      bootstrapBrokers: [...options.brokers],
      timeout,
      connectTimeout: timeout,
      retries: 0,
      ...connectionSecurity(options.security),
    });
    try {
      const described = await admin.describeConfigs({
        resources: topics.map((name) => ({
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: name,
          configurationKeys: CHECKED_KEYS,
        })),
      });
      const result = new Map<string, Map<string, string>>();
      for (const resource of described) {
        const values = new Map<string, string>();
        for (const entry of resource.configs) {
          if (typeof entry.value === 'string') values.set(entry.name, entry.value);
        }
        result.set(resource.resourceName, values);
      }
      return result;
    } finally {
      await admin.close().catch(() => undefined);
    }
  };
}

/** The pure-TypeScript client's TLS and SASL options for the project's KafkaSecurity. */
export function connectionSecurity(security: KafkaSecurity | undefined): Pick<ConnectionOptions, 'tls' | 'sasl'> {
  if (security === undefined || security.protocol === 'PLAINTEXT') return {};
  const ssl = security.ssl;
  const tls = security.protocol.endsWith('SSL')
    ? {
        ...(ssl?.caLocation !== undefined && { ca: readFileSync(ssl.caLocation) }),
        ...(ssl?.certificateLocation !== undefined && { cert: readFileSync(ssl.certificateLocation) }),
        ...(ssl?.keyLocation !== undefined && { key: readFileSync(ssl.keyLocation) }),
        ...(ssl?.keyPassword !== undefined && { passphrase: ssl.keyPassword }),
        ...(ssl?.endpointIdentification === 'none' && { checkServerIdentity: () => undefined }),
      }
    : undefined;
  const sasl =
    security.sasl === undefined
      ? undefined
      : { mechanism: security.sasl.mechanism, username: security.sasl.username, password: security.sasl.password };
  return { ...(tls !== undefined && { tls }), ...(sasl !== undefined && { sasl }) };
}
