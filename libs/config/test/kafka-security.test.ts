import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { ConfigError, loadKafkaSecurity } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const ca = join(dir, 'ca.pem');
const cert = join(dir, 'client.pem');
const key = join(dir, 'client.key');
const passwordFile = join(dir, 'password');
for (const file of [ca, cert, key]) writeFileSync(file, '-----BEGIN CERTIFICATE-----\n');
writeFileSync(passwordFile, 's3cret-from-file\n');

function refused(env: Record<string, string>): ConfigError {
  try {
    loadKafkaSecurity(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('the configuration was accepted');
}

test('defaults to PLAINTEXT with neither SASL nor TLS', () => {
  assert.deepEqual(loadKafkaSecurity({}), { protocol: 'PLAINTEXT' });
});

test('SASL_SSL with SCRAM: mechanism, user, password and CA, the password from its _FILE', () => {
  const security = loadKafkaSecurity({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: 'pipeline',
    KAFKA_SASL_PASSWORD_FILE: passwordFile,
    KAFKA_SSL_CA_LOCATION: ca,
  });
  assert.deepEqual(security, {
    protocol: 'SASL_SSL',
    sasl: { mechanism: 'SCRAM-SHA-512', username: 'pipeline', password: 's3cret-from-file' },
    ssl: { caLocation: ca, endpointIdentification: 'https' },
  });
});

test('SSL with a client certificate, an encrypted key and no host name check (mutual TLS)', () => {
  const security = loadKafkaSecurity({
    KAFKA_SECURITY_PROTOCOL: 'SSL',
    KAFKA_SSL_CA_LOCATION: ca,
    KAFKA_SSL_CERTIFICATE_LOCATION: cert,
    KAFKA_SSL_KEY_LOCATION: key,
    KAFKA_SSL_KEY_PASSWORD: 'key-pass',
    KAFKA_SSL_ENDPOINT_IDENTIFICATION: 'none',
  });
  assert.deepEqual(security, {
    protocol: 'SSL',
    ssl: {
      caLocation: ca,
      certificateLocation: cert,
      keyLocation: key,
      keyPassword: 'key-pass',
      endpointIdentification: 'none',
    },
  });
});

test('SASL without mechanism, user or password is refused, naming each variable', () => {
  const err = refused({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' });
  assert.deepEqual([...err.variables].sort(), ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME']);
});

test('an unknown protocol or mechanism is refused', () => {
  assert.deepEqual(refused({ KAFKA_SECURITY_PROTOCOL: 'TLS' }).variables, ['KAFKA_SECURITY_PROTOCOL']);
  const err = refused({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'GSSAPI',
    KAFKA_SASL_USERNAME: 'u',
    KAFKA_SASL_PASSWORD: 'p',
  });
  assert.deepEqual(err.variables, ['KAFKA_SASL_MECHANISM']);
});

test('SASL or TLS settings on a protocol that does not use them are refused, not ignored', () => {
  assert.deepEqual(refused({ KAFKA_SASL_USERNAME: 'u' }).variables, ['KAFKA_SASL_USERNAME']);
  assert.deepEqual(
    refused({
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SSL_CA_LOCATION: ca,
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    }).variables,
    ['KAFKA_SSL_CA_LOCATION'],
  );
});

test('a certificate without its key, or a file that cannot be read, is refused', () => {
  assert.deepEqual(refused({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERTIFICATE_LOCATION: cert }).variables, [
    'KAFKA_SSL_KEY_LOCATION',
  ]);
  const err = refused({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_LOCATION: join(dir, 'missing.pem') });
  assert.deepEqual(err.variables, ['KAFKA_SSL_CA_LOCATION']);
});

test('the error message never echoes the password', () => {
  const err = refused({ KAFKA_SASL_PASSWORD: 'hunter2-secret' });
  assert.doesNotMatch(err.message, /hunter2/);
  const both = refused({
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_PASSWORD: 'x',
    KAFKA_SASL_PASSWORD_FILE: passwordFile,
  });
  assert.deepEqual(both.variables, ['KAFKA_SASL_PASSWORD']);
});
