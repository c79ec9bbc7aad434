import { loadKafkaSecurity, type Env, type KafkaSecurity } from '@tweet-pipeline/config';

export type { KafkaSecurity } from '@tweet-pipeline/config';

/** No SASL, no TLS: the local stack's plaintext listener and the default. */
export const PLAINTEXT_SECURITY: KafkaSecurity = Object.freeze({ protocol: 'PLAINTEXT' });

/**
 * The librdkafka properties for `security`, passed beside the `kafkaJS` block
 * (KafkaJS-style `ssl`/`sasl` options would be translated to the same ones,
 * but cannot name a CA file or a client key). The result holds secrets: it is
 * handed to the client and never logged.
 */
export function librdkafkaSecurityProperties(security: KafkaSecurity): Record<string, string> {
  const props: Record<string, string> = { 'security.protocol': security.protocol.toLowerCase() };
  if (security.sasl !== undefined) {
    props['sasl.mechanisms'] = security.sasl.mechanism;
    props['sasl.username'] = security.sasl.username;
    props['sasl.password'] = security.sasl.password;
  }
  const ssl = security.ssl;
  if (ssl !== undefined) {
    if (ssl.caLocation !== undefined) props['ssl.ca.location'] = ssl.caLocation;
    if (ssl.certificateLocation !== undefined) props['ssl.certificate.location'] = ssl.certificateLocation;
    if (ssl.keyLocation !== undefined) props['ssl.key.location'] = ssl.keyLocation;
    if (ssl.keyPassword !== undefined) props['ssl.key.password'] = ssl.keyPassword;
    props['ssl.endpoint.identification.algorithm'] = ssl.endpointIdentification;
  }
  return props;
}

/**
 * The security variables (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*) of `env`, for
 * tools without a config of their own (testkit, drills, bench): they reach a secured cluster
 * the same way the services do.
 *
 * @throws ConfigError naming each invalid variable.
 */
export function kafkaSecurityFromEnv(env: Env): KafkaSecurity {
  return loadKafkaSecurity(env);
}
