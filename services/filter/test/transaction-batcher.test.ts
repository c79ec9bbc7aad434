import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Consumer, Producer } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { TransactionBatcher, type BatchWork } from '../src/transaction-batcher.js';

interface Recorded {
  sent: { topic: string; keys: string[] }[];
  offsets: unknown;
  outcome: 'committed' | 'aborted';
}

function fakeProducer(failOn?: number): { producer: Producer; transactions: Recorded[] } {
  const transactions: Recorded[] = [];
  const producer = {
    transaction: async () => {
      const current: Recorded = { sent: [], offsets: undefined, outcome: 'aborted' };
      transactions.push(current);
      return {
        sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: { key: string }[] }[] }) => {
          current.sent.push(...topicMessages.map((t) => ({ topic: t.topic, keys: t.messages.map((m) => m.key) })));
          if (transactions.length === failOn) throw new Error('broker said no');
        },
        sendOffsets: async ({ topics }: { topics: unknown }) => void (current.offsets = topics),
        commit: async () => void (current.outcome = 'committed'),
        abort: async () => void (current.outcome = 'aborted'),
      };
    },
  } as unknown as Producer;
  return { producer, transactions };
}

const work = (partition: number, keys: string[], committed: number[]): BatchWork => ({
  output: [{ topic: 'clean', messages: keys.map((key) => ({ key, value: key })) }],
  commit: { topic: 'raw', partition, offset: String(partition * 100) },
  onCommitted: () => committed.push(partition),
});
const options = { consumer: () => ({}) as Consumer, log: createLogger({ service: 'test', level: 'silent' }) };

test('TransactionBatcher puts batches of several partitions arriving together into one transaction', async () => {
  const { producer, transactions } = fakeProducer();
  const batcher = new TransactionBatcher({ ...options, producer, lingerMs: 20, maxRecords: 1_000 });
  const committed: number[] = [];
  const results = await Promise.all([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b', 'c'], committed)),
  ]);
  assert.deepEqual(results, [true, true]);
  assert.equal(transactions.length, 1);
  assert.deepEqual(transactions[0], {
    sent: [{ topic: 'clean', keys: ['a', 'b', 'c'] }],
    offsets: [
      {
        topic: 'raw',
        partitions: [
          { partition: 0, offset: '0' },
          { partition: 1, offset: '100' },
        ],
      },
    ],
    outcome: 'committed',
  });
  assert.deepEqual(committed, [0, 1]);
});

test('TransactionBatcher commits at once when enough records wait, and transactions stay sequential', async () => {
  const { producer, transactions } = fakeProducer();
  const batcher = new TransactionBatcher({ ...options, producer, lingerMs: 60_000, maxRecords: 2 });
  const committed: number[] = [];
  await Promise.all([batcher.submit(work(0, ['a', 'b'], committed)), batcher.submit(work(1, ['c', 'd'], committed))]);
  assert.equal(transactions.length, 2);
  assert.deepEqual(committed, [0, 1]);
});

test('TransactionBatcher aborts and rejects every batch of a failed transaction, leaving their state untouched', async () => {
  const { producer, transactions } = fakeProducer(1);
  const batcher = new TransactionBatcher({ ...options, producer, lingerMs: 5, maxRecords: 1_000 });
  const committed: number[] = [];
  const results = await Promise.allSettled([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b'], committed)),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(transactions[0]?.outcome, 'aborted');
  assert.deepEqual(committed, []);
});

test('TransactionBatcher redoes a transaction refused by a rebalance for the partitions it still holds, and drops the lost ones', async () => {
  const transactions: string[] = [];
  let attempt = 0;
  const producer = {
    transaction: async () => {
      attempt++;
      return {
        sendBatch: async ({ topicMessages }: { topicMessages: { messages: { key: string }[] }[] }) =>
          void transactions.push(topicMessages.flatMap((t) => t.messages.map((m) => m.key)).join(',')),
        sendOffsets: async () => {
          if (attempt === 1)
            throw Object.assign(new Error('Broker: Specified group generation id is not valid'), { code: 22 });
        },
        commit: async () => undefined,
        abort: async () => undefined,
      };
    },
  } as unknown as Producer;
  const consumer = { assignment: () => [{ topic: 'raw', partition: 0 }] } as unknown as Consumer;
  const batcher = new TransactionBatcher({
    ...options,
    consumer: () => consumer,
    producer,
    lingerMs: 5,
    maxRecords: 1_000,
  });
  const committed: number[] = [];
  const results = await Promise.all([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b'], committed)),
  ]);
  assert.deepEqual(results, [true, false]);
  assert.deepEqual(transactions, ['a,b', 'a']);
  assert.deepEqual(committed, [0]);
});
