import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'vitest';
import { createLogger, redactUri } from '../src/logger.js';

const SECRET = 's3cr3t-Value';

test('redactUri hides the password of the user info, keeps user, hosts and options', () => {
  assert.equal(
    redactUri(`mongodb://tp_user:${SECRET}@db1:27017,db2:27017/tweets?replicaSet=rs0&tls=true`),
    'mongodb://tp_user:***@db1:27017,db2:27017/tweets?replicaSet=rs0&tls=true',
  );
  assert.equal(
    redactUri(`mongodb+srv://app:${encodeURIComponent('p@ss:/word')}@cluster0.example.mongodb.net/?retryWrites=true`),
    'mongodb+srv://app:***@cluster0.example.mongodb.net/?retryWrites=true',
  );
  assert.equal(redactUri('mongodb://127.0.0.1:27017'), 'mongodb://127.0.0.1:27017');
  assert.equal(redactUri('mongodb://user@host/'), 'mongodb://user@host/');
});

test('redactUri hides secrets among the query options', () => {
  const uri =
    'mongodb+srv://cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS' +
    `&authMechanismProperties=AWS_SESSION_TOKEN:${SECRET},SERVICE_NAME:mongodb` +
    `&tlsCertificateKeyFile=/run/secrets/client.pem&tlsCertificateKeyFilePassword=${SECRET}&appName=x`;
  const redacted = redactUri(uri);
  assert.doesNotMatch(redacted, new RegExp(SECRET));
  assert.match(redacted, /authMechanismProperties=AWS_SESSION_TOKEN:\*\*\*,SERVICE_NAME:mongodb/);
  assert.match(redacted, /tlsCertificateKeyFilePassword=\*\*\*/);
  assert.match(redacted, /tlsCertificateKeyFile=\/run\/secrets\/client.pem/);
  // %-encoded names and values, another case of the option name.
  const encoded = `mongodb://h/?authmechanismproperties=${encodeURIComponent(`AWS_SESSION_TOKEN:${SECRET}`)}&TLSCERTIFICATEKEYFILEPASSWORD=${SECRET}`;
  assert.doesNotMatch(redactUri(encoded), new RegExp(SECRET));
});

test('redactUri copes with strings URL refuses', () => {
  const bad = `mongodb://u:${SECRET}@h1:1,h2:2/db?password=${SECRET}&x=%zz`;
  const redacted = redactUri(bad);
  assert.doesNotMatch(redacted, new RegExp(SECRET));
  assert.equal(redacted, 'mongodb://u:***@h1:1,h2:2/db?password=***&x=%zz');
});

test('the logger redacts MongoDB credentials in a configuration logged whole', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const log = createLogger({ service: 'test', destination });
  log.info(
    { config: { mongo: { auth: { username: 'u', password: SECRET }, tls: { certificateKeyPassword: SECRET } } } },
    'config',
  );
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0]!, new RegExp(SECRET));
  assert.match(lines[0]!, /"username":"u"/);
});
