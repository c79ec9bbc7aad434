import assert from 'node:assert/strict';
import { test } from 'vitest';
import { javaClientProperties } from '../src/java-client-properties.js';

const files = { keystorePath: '/tmp/x/client.pem' };
const pem: Record<string, string> = { '/k.pem': 'KEY\n', '/c.pem': 'CERT\n' };
const read = (path: string): string => pem[path] ?? assert.fail(`unexpected read of ${path}`);

test('javaClientProperties is only the protocol for PLAINTEXT', () => {
  assert.deepEqual(javaClientProperties({ protocol: 'PLAINTEXT' }, files, read), {
    properties: 'security.protocol=PLAINTEXT\n',
  });
});

test('javaClientProperties gives SCRAM a JAAS line with the credentials quoted and escaped, and trusts the CA as PEM', () => {
  const { properties, keystore } = javaClientProperties(
    {
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'svc', password: 'p"w\\d' },
      ssl: { caLocation: '/ca.pem', endpointIdentification: 'https' },
    },
    files,
    read,
  );
  assert.equal(keystore, undefined);
  assert.deepEqual(properties.trimEnd().split('\n'), [
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    // JSON-quoted inside JAAS ("p\"w\\d"), then each backslash doubled for java.util.Properties.
    'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="p\\\\"w\\\\\\\\d";',
    'ssl.truststore.type=PEM',
    'ssl.truststore.location=/ca.pem',
  ]);
});

test('javaClientProperties uses the PLAIN login module for PLAIN', () => {
  const { properties } = javaClientProperties(
    { protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } },
    files,
    read,
  );
  assert.match(properties, /sasl\.jaas\.config=org\.apache\.kafka\.common\.security\.plain\.PlainLoginModule required/);
});

test('javaClientProperties puts key and certificate in one PEM keystore for mutual TLS, with the key password and no host check when asked', () => {
  const { properties, keystore } = javaClientProperties(
    {
      protocol: 'SSL',
      ssl: {
        caLocation: '/ca.pem',
        certificateLocation: '/c.pem',
        keyLocation: '/k.pem',
        keyPassword: 'kp',
        endpointIdentification: 'none',
      },
    },
    files,
    read,
  );
  assert.equal(keystore, 'KEY\nCERT\n');
  assert.deepEqual(properties.trimEnd().split('\n').slice(3), [
    'ssl.keystore.type=PEM',
    'ssl.keystore.location=/tmp/x/client.pem',
    'ssl.key.password=kp',
    'ssl.endpoint.identification.algorithm=',
  ]);
});
