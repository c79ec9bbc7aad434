import assert from 'node:assert/strict';
import { test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { librdkafkaSecurityProperties } from '../src/security.js';
import { ACCESS_PROBLEM_STALE_MS, KafkaAccessMonitor } from '../src/access-monitor.js';
import { isRetriableKafkaError } from '../src/errors.js';

test('PLAINTEXT maps to security.protocol alone', () => {
  assert.deepEqual(librdkafkaSecurityProperties({ protocol: 'PLAINTEXT' }), { 'security.protocol': 'plaintext' });
});

test('SASL_SSL and mutual TLS map to the librdkafka property names', () => {
  assert.deepEqual(
    librdkafkaSecurityProperties({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' },
      ssl: {
        caLocation: '/ca.pem',
        certificateLocation: '/c.pem',
        keyLocation: '/k.pem',
        keyPassword: 'kp',
        endpointIdentification: 'none',
      },
    }),
    {
      'security.protocol': 'sasl_ssl',
      'sasl.mechanisms': 'SCRAM-SHA-256',
      'sasl.username': 'u',
      'sasl.password': 'p',
      'ssl.ca.location': '/ca.pem',
      'ssl.certificate.location': '/c.pem',
      'ssl.key.location': '/k.pem',
      'ssl.key.password': 'kp',
      'ssl.endpoint.identification.algorithm': 'none',
    },
  );
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    service: 'test',
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, errors: () => lines.filter((l) => l['level'] === 'error' || l['level'] === 50) };
}

const AUTH =
  '[thrd:sasl_ssl://10.0.0.7:9094/bootstrap]: sasl_ssl://10.0.0.7:9094/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 3ms in state AUTH_REQ)';
const TLS =
  '[thrd:sasl_ssl://10.0.0.7:9094/bootstrap]: sasl_ssl://10.0.0.7:9094/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified';

test('repeated authentication failures make one error line naming broker, mechanism and user', () => {
  let now = 0;
  const monitor = new KafkaAccessMonitor(() => now);
  const { log, errors } = capture();
  for (let i = 0; i < 5; i++) {
    assert.equal(monitor.observe(AUTH, log, { mechanism: 'SCRAM-SHA-512', user: 'pipeline' }), true);
    now += 5_000;
  }
  assert.equal(errors().length, 1);
  const message = String(errors()[0]?.['msg']);
  assert.match(message, /sasl_ssl:\/\/10\.0\.0\.7:9094/);
  assert.match(message, /SCRAM-SHA-512 as user pipeline/);
  assert.equal(errors()[0]?.['code'], 'KAFKA_AUTHENTICATION_FAILED');
  assert.match(monitor.current()[0]?.reason ?? '', /authentication failed/);
});

test('a TLS failure is its own problem; problems not seen for a while are dropped and logged again on return', () => {
  let now = 0;
  const monitor = new KafkaAccessMonitor(() => now);
  const { log, errors } = capture();
  monitor.observe(TLS, log, {});
  assert.equal(monitor.current()[0]?.kind, 'tls');
  assert.match(monitor.current()[0]?.reason ?? '', /not signed by a trusted CA/);
  now += ACCESS_PROBLEM_STALE_MS;
  assert.deepEqual(monitor.current(), []);
  monitor.observe(TLS, log, {});
  assert.equal(errors().length, 2);
});

test('other client lines are left to the caller', () => {
  const monitor = new KafkaAccessMonitor();
  const { log } = capture();
  assert.equal(monitor.observe('Broker: Coordinator load in progress: retrying', log, {}), false);
  assert.deepEqual(monitor.current(), []);
});

test('refused access (authentication, TLS) is waited out at start-up like an unavailable broker', () => {
  for (const code of [-169, -181, 58]) assert.equal(isRetriableKafkaError({ code }), true, String(code));
});
