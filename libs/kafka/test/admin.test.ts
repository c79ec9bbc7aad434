import assert from 'node:assert/strict';
import { test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { ensureTopics, topicReady } from '../src/admin.js';
import type { Kafka } from '../src/client.js';
import { KafkaPipelineError } from '../src/errors.js';

const log = createLogger({ service: 'test', level: 'silent' });
const UNKNOWN_TOPIC = Object.assign(new Error('Broker: Unknown topic or partition'), { code: 3 });

/** A Kafka whose admin has no topics, creates them, and answers metadata calls from `metadata` in turn. */
function fakeKafka(metadata: (() => { name: string; partitions: { leader: number }[] }[])[]) {
  const calls = { created: [] as string[], metadata: 0 };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => [],
    createTopics: async ({ topics }: { topics: { topic: string }[] }) =>
      void calls.created.push(...topics.map((t) => t.topic)),
    fetchTopicMetadata: async () => {
      const answer = metadata[Math.min(calls.metadata++, metadata.length - 1)];
      return answer!();
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls };
}

const leaders = (...ids: number[]) => ids.map((leader) => ({ leader }));

test('topicReady wants every expected partition listed, each with a leader', () => {
  assert.equal(topicReady(leaders(1, 1, 1), 3), true);
  assert.equal(topicReady(leaders(1, -1, 1), 3), false);
  assert.equal(topicReady(leaders(1, 1), 3), false);
  assert.equal(topicReady([], undefined), false);
  assert.equal(topicReady(leaders(2), undefined), true);
});

test('ensureTopics returns only once the topics it created have a leader on every partition', async () => {
  const { kafka, calls } = fakeKafka([
    () => {
      throw UNKNOWN_TOPIC;
    },
    () => [{ name: 't', partitions: leaders(-1, -1) }],
    () => [{ name: 't', partitions: leaders(1, -1) }],
    () => [{ name: 't', partitions: leaders(1, 1) }],
  ]);
  await ensureTopics(kafka, [{ topic: 't', numPartitions: 2 }], log, { pollMs: 1 });
  assert.deepEqual(calls.created, ['t']);
  assert.equal(calls.metadata, 4);
});

test('ensureTopics fails with TOPIC_NOT_READY (retriable) when leaders do not appear in time', async () => {
  const { kafka } = fakeKafka([() => [{ name: 't', partitions: leaders(-1) }]]);
  await assert.rejects(
    ensureTopics(kafka, [{ topic: 't', numPartitions: 1 }], log, { readyTimeoutMs: 30, pollMs: 5 }),
    (err: unknown) => err instanceof KafkaPipelineError && err.code === 'TOPIC_NOT_READY' && err.retriable,
  );
});

test('ensureTopics does not wait on a metadata error a retry cannot mend', async () => {
  const denied = Object.assign(new Error('Broker: Topic authorization failed'), { code: 29 });
  const { kafka } = fakeKafka([
    () => {
      throw denied;
    },
  ]);
  await assert.rejects(ensureTopics(kafka, [{ topic: 't', numPartitions: 1 }], log, { pollMs: 1 }), denied);
});
