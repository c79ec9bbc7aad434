import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { ConfigError } from '../src/config-error.js';
import { loadMongoConnection } from '../src/mongo-connection.js';

const dir = mkdtempSync(join(tmpdir(), 'mongo-connection-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const SECRET = 'pa55-W0rd';

test('loadMongoConnection reads the URI alone as before', () => {
  assert.deepEqual(loadMongoConnection({}), { uri: 'mongodb://127.0.0.1:27017' });
  assert.deepEqual(loadMongoConnection({ MONGODB_URI: 'mongodb+srv://c.example.net/' }), {
    uri: 'mongodb+srv://c.example.net/',
  });
});

test('loadMongoConnection reads credentials and TLS files beside the URI, secrets from *_FILE', () => {
  const ca = file('ca.pem', 'CA');
  const certKey = file('client.pem', 'CERT+KEY');
  const connection = loadMongoConnection({
    MONGODB_URI_FILE: file('uri', 'mongodb://db.example.net:27017/?tls=true\n'),
    MONGODB_USERNAME: 'sink',
    MONGODB_PASSWORD_FILE: file('password', `${SECRET}\n`),
    MONGODB_AUTH_SOURCE: 'admin',
    MONGODB_AUTH_MECHANISM: 'SCRAM-SHA-256',
    MONGODB_TLS_CA_FILE: ca,
    MONGODB_TLS_CERT_KEY_FILE: certKey,
    MONGODB_TLS_CERT_KEY_PASSWORD_FILE: file('key-password', 'kp'),
  });
  assert.deepEqual(connection, {
    uri: 'mongodb://db.example.net:27017/?tls=true',
    auth: { username: 'sink', password: SECRET, source: 'admin', mechanism: 'SCRAM-SHA-256' },
    tls: { caFile: ca, certificateKeyFile: certKey, certificateKeyPassword: 'kp' },
  });
});

test('loadMongoConnection refuses bad combinations naming the variable, never the value', () => {
  const refused = (env: Record<string, string>, variable: string) => {
    assert.throws(
      () => loadMongoConnection(env),
      (err: unknown) => err instanceof ConfigError && err.message.includes(variable) && !err.message.includes(SECRET),
    );
  };
  refused({ MONGODB_PASSWORD: SECRET }, 'MONGODB_PASSWORD');
  refused({ MONGODB_URI: `http://u:${SECRET}@h` }, 'MONGODB_URI');
  refused({ MONGODB_TLS_CA_FILE: join(dir, 'missing.pem') }, 'MONGODB_TLS_CA_FILE');
  refused({ MONGODB_AUTH_MECHANISM: 'MONGODB-X509' }, 'MONGODB_TLS_CERT_KEY_FILE');
  refused({ MONGODB_AUTH_MECHANISM: 'SCRAM' }, 'MONGODB_AUTH_MECHANISM');
  refused(
    { MONGODB_USERNAME: 'u', MONGODB_PASSWORD: SECRET, MONGODB_PASSWORD_FILE: file('p2', SECRET) },
    'MONGODB_PASSWORD',
  );
});
