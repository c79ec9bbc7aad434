import assert from 'node:assert/strict';
import { test } from 'vitest';
import { createMongoClient, securityOptions } from '../src/connection.js';

test('securityOptions sets only what is given, and any TLS file turns TLS on', () => {
  assert.deepEqual(securityOptions({}), {});
  assert.deepEqual(
    securityOptions({
      auth: { username: 'u', password: 'p', source: 'admin', mechanism: 'SCRAM-SHA-256' },
      tls: { caFile: '/ca.pem', certificateKeyFile: '/c.pem', certificateKeyPassword: 'k' },
    }),
    {
      auth: { username: 'u', password: 'p' },
      authSource: 'admin',
      authMechanism: 'SCRAM-SHA-256',
      tls: true,
      tlsCAFile: '/ca.pem',
      tlsCertificateKeyFile: '/c.pem',
      tlsCertificateKeyFilePassword: 'k',
    },
  );
});

test('createMongoClient lets the separate credentials win over the URI', () => {
  const client = createMongoClient({
    uri: 'mongodb://uri-user:uri-pass@127.0.0.1:1/?authSource=db1',
    appName: 't',
    auth: { username: 'env-user', password: 'env-pass', source: 'db2' },
  });
  const { credentials } = client.options;
  assert.equal(credentials?.username, 'env-user');
  assert.equal(credentials?.password, 'env-pass');
  assert.equal(credentials?.source, 'db2');
});
