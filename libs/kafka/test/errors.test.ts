import assert from 'node:assert/strict';
import { test } from 'vitest';
import { KafkaPipelineError, isRetriableKafkaError, isTopicMismatch } from '../src/errors.js';

// What the client's KafkaJS layer throws: librdkafka's code, and flags that are always false.
const clientError = (code: number) => Object.assign(new Error(`code ${code}`), { code, retriable: false });

test('isRetriableKafkaError goes by the librdkafka code for the client errors of a broker outage', () => {
  for (const code of [-195, -192, -187, -185, 3, 7, 15, 16, 51]) {
    assert.equal(isRetriableKafkaError(clientError(code)), true, `code ${code}`);
  }
});

test('isRetriableKafkaError says no for fenced producers, wrong state, bad arguments and plain errors', () => {
  for (const code of [90, -144, -150, -172, -186, 29]) {
    assert.equal(isRetriableKafkaError(clientError(code)), false, `code ${code}`);
  }
  assert.equal(isRetriableKafkaError(new TypeError('x is undefined')), false);
  assert.equal(isRetriableKafkaError(null), false);
});

test("isRetriableKafkaError trusts this library's own errors", () => {
  assert.equal(isRetriableKafkaError(new KafkaPipelineError('TOPIC_NOT_READY', 'no leader yet')), true);
  assert.equal(isRetriableKafkaError(new KafkaPipelineError('TOPIC_PARTITIONS_MISMATCH', '3 != 12')), false);
});

test('isTopicMismatch picks the topic mismatches an operator fixes, and nothing else', () => {
  assert.equal(isTopicMismatch(new KafkaPipelineError('TOPIC_PARTITIONS_MISMATCH', '3 != 12')), true);
  assert.equal(isTopicMismatch(new KafkaPipelineError('TOPIC_CONFIG_MISMATCH', 'cleanup.policy')), true);
  assert.equal(isTopicMismatch(new KafkaPipelineError('TOPIC_NOT_READY', 'no leader yet')), false);
  assert.equal(isTopicMismatch(new Error('TOPIC_CONFIG_MISMATCH')), false);
});
