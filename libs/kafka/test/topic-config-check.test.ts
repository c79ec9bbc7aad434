import assert from 'node:assert/strict';
import { test } from 'vitest';
import { compareTopics, describeMismatch, MIN_MAX_MESSAGE_BYTES } from '../src/topic-config-check.js';
import { pipelineTopicSpecs } from '../src/topic-specs.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const specs = pipelineTopicSpecs({
  names: { raw: 'raw', clean: 'clean', dedupeState: 'state', dlq: 'dlq' },
  partitions: 12,
  replicationFactor: 1,
  dedupeWindowMs: DAY_MS,
});
const configs = (entries: Record<string, string>) => new Map(Object.entries(entries));
const good = {
  data: configs({ 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS), 'max.message.bytes': '1048588' }),
  state: configs({
    'cleanup.policy': 'compact,delete',
    'retention.ms': String(DAY_MS),
    'max.message.bytes': '1048588',
  }),
};

test('compareTopics finds nothing wrong with topics made as the specs say', () => {
  const mismatches = compareTopics(Object.values(specs), [
    { name: 'raw', partitions: 12, configs: good.data },
    { name: 'state', partitions: 12, configs: good.state },
    { name: 'clean', partitions: 12, configs: good.data },
  ]);
  assert.deepEqual(mismatches, []);
});

test('compareTopics names topic, setting, value found and value needed for each mismatch', () => {
  const mismatches = compareTopics(Object.values(specs), [
    { name: 'raw', partitions: 6, configs: good.data },
    { name: 'state', partitions: 12, configs: configs({ 'cleanup.policy': 'delete', 'retention.ms': '3600000' }) },
    {
      name: 'clean',
      partitions: 12,
      configs: configs({ 'cleanup.policy': 'compact', 'max.message.bytes': '1000000' }),
    },
  ]);
  assert.deepEqual(
    mismatches.map(({ topic, setting, found, needed }) => ({ topic, setting, found, needed })),
    [
      { topic: 'raw', setting: 'partitions', found: '6', needed: '12' },
      { topic: 'clean', setting: 'cleanup.policy', found: 'compact', needed: 'delete' },
      { topic: 'clean', setting: 'max.message.bytes', found: '1000000', needed: `>= ${MIN_MAX_MESSAGE_BYTES}` },
      { topic: 'state', setting: 'cleanup.policy', found: 'delete', needed: 'compact,delete' },
      { topic: 'state', setting: 'retention.ms', found: '3600000', needed: `>= ${DAY_MS}` },
    ],
  );
  assert.match(describeMismatch(mismatches[0]!), /^topic raw: partitions is 6, the pipeline needs 12 \(/);
});

test('compareTopics accepts a longer or infinite retention, a compact-only state and a compacting data topic', () => {
  const mismatches = compareTopics(Object.values(specs), [
    { name: 'raw', partitions: 12, configs: configs({ 'cleanup.policy': 'compact,delete', 'retention.ms': '-1' }) },
    {
      name: 'state',
      partitions: 12,
      configs: configs({ 'cleanup.policy': 'compact', 'retention.ms': String(2 * DAY_MS) }),
    },
  ]);
  assert.deepEqual(mismatches, []);
});

test('compareTopics judges only the partitions when the configuration could not be read', () => {
  const mismatches = compareTopics([specs.dedupeState], [{ name: 'state', partitions: 3 }]);
  assert.deepEqual(
    mismatches.map((m) => m.setting),
    ['partitions'],
  );
});

test('compareTopics wants room for the largest record and the batch header in max.message.bytes', () => {
  const at = (bytes: number) =>
    compareTopics(
      [specs.raw],
      [{ name: 'raw', partitions: 12, configs: configs({ 'max.message.bytes': String(bytes) }) }],
    );
  assert.equal(at(MIN_MAX_MESSAGE_BYTES).length, 0);
  assert.equal(at(MIN_MAX_MESSAGE_BYTES - 1)[0]?.setting, 'max.message.bytes');
});
