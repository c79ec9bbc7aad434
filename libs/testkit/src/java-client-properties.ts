import type { KafkaSecurity } from '@tweet-pipeline/kafka';

/** The files a Java client's security settings point at, made by the caller (see `javaClientProperties`). */
export interface JavaClientFiles {
  /** Where to write the client key and certificate as one PEM file (Java's PEM keystore wants both in one). */
  readonly keystorePath: string;
}

/**
 * The Java Kafka client's properties for the same security as the pipeline's librdkafka clients
 * (`KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_*`, `KAFKA_SSL_*`), for Kafka's own tools such as
 * ProducerPerformance. Returns the properties text and, for mutual TLS, the PEM keystore text to
 * write at `files.keystorePath`. The text holds the password: write it with mode 0600 and delete it
 * after use; never log it.
 */
export function javaClientProperties(
  security: KafkaSecurity,
  files: JavaClientFiles,
  readFile: (path: string) => string,
): { properties: string; keystore?: string } {
  const props: [string, string][] = [['security.protocol', security.protocol]];
  if (security.sasl !== undefined) {
    const module =
      security.sasl.mechanism === 'PLAIN'
        ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
        : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    const quoted = (value: string): string => JSON.stringify(value); // JAAS strings escape like JSON's
    props.push(['sasl.mechanism', security.sasl.mechanism]);
    props.push([
      'sasl.jaas.config',
      `${module} required username=${quoted(security.sasl.username)} password=${quoted(security.sasl.password)};`,
    ]);
  }
  let keystore: string | undefined;
  if (security.ssl !== undefined) {
    if (security.ssl.caLocation !== undefined) {
      props.push(['ssl.truststore.type', 'PEM'], ['ssl.truststore.location', security.ssl.caLocation]);
    }
    if (security.ssl.certificateLocation !== undefined && security.ssl.keyLocation !== undefined) {
      keystore = `${readFile(security.ssl.keyLocation).trim()}\n${readFile(security.ssl.certificateLocation).trim()}\n`;
      props.push(['ssl.keystore.type', 'PEM'], ['ssl.keystore.location', files.keystorePath]);
      if (security.ssl.keyPassword !== undefined) props.push(['ssl.key.password', security.ssl.keyPassword]);
    }
    if (security.ssl.endpointIdentification === 'none') props.push(['ssl.endpoint.identification.algorithm', '']);
  }
  const properties = props.map(([key, value]) => `${key}=${escapeProperty(value)}`).join('\n') + '\n';
  return keystore === undefined ? { properties } : { properties, keystore };
}

/** java.util.Properties escaping of a value: backslashes, line breaks, and a leading space. */
function escapeProperty(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^ /, '\\ ');
}
