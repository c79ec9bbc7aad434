import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'vitest';
import { DlqHeaders, MAX_RECORD_BYTES, recordBytes } from '@tweet-pipeline/contracts';
import { dlqRecord, headerValue } from '../src/index.js';

const input = {
  code: 'INVALID_JSON',
  reason: 'Unexpected end of JSON input',
  sourceTopic: 'tweets.raw',
  sourcePartition: 3,
  sourceOffset: '42',
  service: 'filter',
  now: new Date(0),
} as const;

test('dlqRecord keeps key and value untouched and puts the reason in headers', () => {
  const value = Buffer.from('{"data":');
  const record = dlqRecord({ ...input, key: Buffer.from('1'), value });
  assert.equal(record.value, value);
  assert.deepEqual(record.headers, {
    'error-code': 'INVALID_JSON',
    'error-message': 'Unexpected end of JSON input',
    'source-topic': 'tweets.raw',
    'source-partition': '3',
    'source-offset': '42',
    'failed-at': '1970-01-01T00:00:00.000Z',
    service: 'filter',
  });
});

test('dlqRecord cuts a value that would not fit in Kafka to a prefix, with its size and sha256', () => {
  // Fits on tweets.raw with two small headers, not with the DLQ headers: the filter used to crash on it, forever.
  const value = Buffer.alloc(MAX_RECORD_BYTES - 100, 'x');
  const record = dlqRecord({ ...input, key: Buffer.from('1'), value });
  const headers = record.headers as Record<string, string>;
  assert.ok(recordBytes({ key: record.key as Buffer, value: record.value as Buffer, headers }) <= MAX_RECORD_BYTES);
  assert.equal((record.value as Buffer).length, 64 * 1024);
  assert.equal(headerValue(headers, DlqHeaders.originalSize), String(value.length));
  assert.equal(headerValue(headers, DlqHeaders.originalSha256), createHash('sha256').update(value).digest('hex'));
  assert.equal(headerValue(headers, DlqHeaders.errorCode), 'INVALID_JSON');
  assert.equal(headerValue(headers, DlqHeaders.originalKeySize), undefined);
});

test('dlqRecord cuts an oversized key too', () => {
  const record = dlqRecord({ ...input, key: Buffer.alloc(MAX_RECORD_BYTES - 50, 'k'), value: Buffer.from('{}') });
  const headers = record.headers as Record<string, string>;
  assert.equal((record.key as Buffer).length, 1024);
  assert.equal(headerValue(headers, DlqHeaders.originalKeySize), String(MAX_RECORD_BYTES - 50));
  assert.ok(recordBytes({ key: record.key as Buffer, value: record.value as Buffer, headers }) <= MAX_RECORD_BYTES);
});
