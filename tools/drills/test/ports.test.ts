import assert from 'node:assert/strict';
import { test } from 'vitest';
import { endpointPort, ephemeralPortWarnings, parsePortRange } from '../src/ports.js';
import { parseStatusPid } from '../src/stack-control.js';
import { restartDelayMs } from '../src/supervisor.js';

test('ports of broker endpoints and MongoDB URIs', () => {
  assert.equal(endpointPort('127.0.0.1:29192'), 29_192);
  assert.equal(endpointPort('mongodb://127.0.0.1:27023'), 27_023);
  assert.equal(endpointPort('mongodb://user:pw@db.example:27050/x?tls=true'), 27_050);
  assert.equal(endpointPort('mongodb://db.example/x'), 27_017);
});

test('a server the drills restart on an ephemeral port is warned about; others are not', () => {
  const range = parsePortRange('32768\t60999\n');
  assert.deepEqual(range, [32_768, 60_999]);
  const warnings = ephemeralPortWarnings(
    [
      { name: 'the Kafka broker', endpoint: '127.0.0.1:49192' },
      { name: 'the database', endpoint: 'mongodb://127.0.0.1:27023' },
    ],
    range,
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the Kafka broker listens on port 49192/);
  assert.deepEqual(ephemeralPortWarnings([{ name: 'k', endpoint: '127.0.0.1:49192' }], undefined), []);
});

test('the FerretDB pid is read from local-stack status output', () => {
  const status = 'kafka    running  pid 30160   port 49192,49193\nferretdb running  pid 30208   port 27023\n';
  assert.equal(parseStatusPid(status, 'ferretdb'), 30_208);
  assert.equal(parseStatusPid(status, 'kafka'), 30_160);
  assert.equal(parseStatusPid('ferretdb stopped\n', 'ferretdb'), undefined);
});

test('restart back-off: 1 s, doubling per quick death in a row, at most 16 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map(restartDelayMs), [1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
});
