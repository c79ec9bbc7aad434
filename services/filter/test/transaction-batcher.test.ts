import assert from 'node:assert/strict';
import { test } from 'vitest';
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

/** A batcher on a scripted producer, holding `partitions`, with a 5 ms linger; `extra` sets the retry behaviour. */
function retryingBatcher(
  producer: Producer,
  partitions: readonly number[],
  extra: Partial<ConstructorParameters<typeof TransactionBatcher>[0]>,
): TransactionBatcher {
  return new TransactionBatcher({
    ...options,
    consumer: () => holding(...partitions),
    producer,
    lingerMs: 5,
    maxRecords: 1_000,
    ...extra,
  });
}

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

/** A KafkaJS-style client error: the client keeps only librdkafka's code (its retriable/abortable flags are always false). */
const kafkaError = (code: number, message: string) =>
  Object.assign(new Error(message), { code, retriable: false, abortable: false, fatal: false });
const MSG_TIMED_OUT = -192;
const TIMED_OUT = -185;
const CONFLICT = -173;
const PRODUCER_FENCED = 90;

interface ScriptedTransaction {
  keys: string[];
  outcome: 'open' | 'committed' | 'aborted';
}

/**
 * A transactional producer whose calls fail as scripted: `failures.sendBatch`
 * etc. list errors thrown by the 1st, 2nd, … call of that kind (undefined:
 * that call succeeds).
 */
function scriptedProducer(failures: Partial<Record<'sendBatch' | 'sendOffsets' | 'commit' | 'abort', unknown[]>>) {
  const transactions: ScriptedTransaction[] = [];
  const calls = { sendBatch: 0, sendOffsets: 0, commit: 0, abort: 0 };
  const step = (kind: keyof typeof calls): void => {
    const err = failures[kind]?.[calls[kind]++];
    if (err !== undefined) throw err;
  };
  const producer = {
    transaction: async () => {
      const current: ScriptedTransaction = { keys: [], outcome: 'open' };
      transactions.push(current);
      return {
        sendBatch: async ({ topicMessages }: { topicMessages: { messages: { key: string }[] }[] }) => {
          current.keys.push(...topicMessages.flatMap((t) => t.messages.map((m) => m.key)));
          step('sendBatch');
        },
        sendOffsets: async () => step('sendOffsets'),
        commit: async () => {
          step('commit');
          current.outcome = 'committed';
        },
        abort: async () => {
          step('abort');
          current.outcome = 'aborted';
        },
      };
    },
  } as unknown as Producer;
  return { producer, transactions, calls };
}

const holding = (...partitions: number[]) =>
  ({ assignment: () => partitions.map((partition) => ({ topic: 'raw', partition })) }) as unknown as Consumer;

test('TransactionBatcher aborts a transaction that failed because Kafka was unavailable and redoes it once Kafka is back', async () => {
  // The broker stopped: the records time out, the first abort times out too, then the broker is back.
  const { producer, transactions, calls } = scriptedProducer({
    sendBatch: [kafkaError(MSG_TIMED_OUT, 'Local: Message timed out')],
    abort: [kafkaError(TIMED_OUT, 'Timed out waiting for operation to finish, retry call to resume')],
  });
  const retryingWhileWaiting: boolean[] = [];
  const batcher: TransactionBatcher = retryingBatcher(producer, [0, 1], {
    sleep: async () => void retryingWhileWaiting.push(batcher.retrying),
  });
  const committed: number[] = [];
  const results = await Promise.all([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b', 'c'], committed)),
  ]);
  assert.deepEqual(results, [true, true]);
  assert.deepEqual(
    transactions.map((t) => [t.keys.join(','), t.outcome]),
    [
      ['a,b,c', 'aborted'],
      ['a,b,c', 'committed'],
    ],
  );
  assert.equal(calls.abort, 2, 'the abort was retried until the broker answered');
  assert.deepEqual(committed, [0, 1], 'in-memory state updated once, after the commit');
  assert.ok(retryingWhileWaiting.length > 0 && retryingWhileWaiting.every(Boolean), 'retrying while waiting');
  assert.equal(batcher.retrying, false);
});

test('TransactionBatcher leaves in-memory state untouched while a transaction keeps failing, and never half-applies it', async () => {
  const { producer, transactions } = scriptedProducer({
    commit: [kafkaError(MSG_TIMED_OUT, '1 message(s) timed out'), kafkaError(MSG_TIMED_OUT, '1 message(s) timed out')],
  });
  const committedWhenRedone: number[][] = [];
  const committed: number[] = [];
  const batcher = retryingBatcher(producer, [0], { sleep: async () => void committedWhenRedone.push([...committed]) });
  assert.equal(await batcher.submit(work(0, ['a'], committed)), true);
  assert.deepEqual(committedWhenRedone, [[], []], 'nothing remembered from the aborted attempts');
  assert.deepEqual(
    transactions.map((t) => t.outcome),
    ['aborted', 'aborted', 'committed'],
  );
  assert.deepEqual(committed, [0]);
});

test('TransactionBatcher resumes a commit that timed out instead of redoing it: the batch is committed once', async () => {
  // librdkafka keeps a timed-out commit running and refuses an abort (ERR__CONFLICT) until it is called again.
  const { producer, transactions, calls } = scriptedProducer({
    commit: [kafkaError(TIMED_OUT, 'Timed out waiting for operation to finish, retry call to resume')],
    abort: [kafkaError(CONFLICT, 'Conflicting commit_transaction API call is already in progress')],
  });
  const batcher = retryingBatcher(producer, [0], { sleep: async () => undefined });
  const committed: number[] = [];
  assert.equal(await batcher.submit(work(0, ['a'], committed)), true);
  assert.equal(transactions.length, 1, 'not redone');
  assert.equal(transactions[0]?.outcome, 'committed');
  assert.equal(calls.commit, 2);
  assert.deepEqual(committed, [0]);
});

test('TransactionBatcher drops, after a failed transaction, the batches of partitions it lost meanwhile', async () => {
  const { producer, transactions } = scriptedProducer({ sendBatch: [kafkaError(MSG_TIMED_OUT, 'timed out')] });
  const batcher = retryingBatcher(producer, [1], { sleep: async () => undefined });
  const committed: number[] = [];
  const results = await Promise.all([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b'], committed)),
  ]);
  assert.deepEqual(results, [false, true]);
  assert.deepEqual(
    transactions.map((t) => t.keys.join(',')),
    ['a,b', 'b'],
  );
  assert.deepEqual(committed, [1]);
});

test('TransactionBatcher rejects at once when the producer is fenced (a retry cannot help)', async () => {
  const fenced = kafkaError(PRODUCER_FENCED, 'Producer fenced by a newer instance');
  const { producer, transactions } = scriptedProducer({ sendOffsets: [fenced], abort: [fenced] });
  const batcher = retryingBatcher(producer, [0], { sleep: async () => assert.fail('no retry for a fenced producer') });
  const committed: number[] = [];
  await assert.rejects(batcher.submit(work(0, ['a'], committed)), fenced);
  assert.equal(transactions.length, 1);
  assert.deepEqual(committed, []);
});

test('TransactionBatcher gives up (rejects) once Kafka has been unavailable for longer than maxRetryMs', async () => {
  const timedOut = kafkaError(MSG_TIMED_OUT, 'Local: Message timed out');
  const { producer, transactions } = scriptedProducer({ sendBatch: [timedOut, timedOut, timedOut] });
  let clock = 0;
  const batcher = retryingBatcher(producer, [0], { maxRetryMs: -1, sleep: async () => void clock++ });
  await assert.rejects(batcher.submit(work(0, ['a'], [])), timedOut);
  assert.equal(transactions.length, 1);
  assert.equal(transactions[0]?.outcome, 'aborted');
  assert.equal(clock, 0);
});

test('TransactionBatcher gives a batch up (false, not an error) when the group no longer knows this member', async () => {
  // After an outage longer than the session timeout the member is gone: only a rejoin helps, and the
  // consumer rejoins once the batch handler returns; the batch then comes again from the committed offsets.
  const unknownMember = kafkaError(25, 'Failed to commit offsets to transaction: Broker: Unknown member');
  const { producer, transactions } = scriptedProducer({ sendOffsets: [unknownMember] });
  const batcher = retryingBatcher(producer, [0, 1], {
    sleep: async () => assert.fail('no retry while the member is unknown'),
  });
  const committed: number[] = [];
  const results = await Promise.all([
    batcher.submit(work(0, ['a'], committed)),
    batcher.submit(work(1, ['b'], committed)),
  ]);
  assert.deepEqual(results, [false, false]);
  assert.deepEqual(
    transactions.map((t) => t.outcome),
    ['aborted'],
  );
  assert.deepEqual(committed, []);
  assert.equal(batcher.retrying, false);
});

test('TransactionBatcher replaces a producer the broker ended during the outage, and redoes the batch on the new one', async () => {
  // The outage outlasted the transaction timeout: the broker aborted the transaction itself, and the
  // abort sent once it is back is refused (INVALID_TXN_STATE), which librdkafka treats as fatal.
  const old = scriptedProducer({
    sendBatch: [kafkaError(MSG_TIMED_OUT, 'Local: Message timed out')],
    abort: [
      kafkaError(
        48,
        'Failed to end transaction: Broker: Producer attempted a transactional operation in an invalid state',
      ),
    ],
  });
  let disconnected = false;
  (old.producer as unknown as { disconnect: () => Promise<void> }).disconnect = async () => void (disconnected = true);
  const fresh = scriptedProducer({});
  const batcher = new TransactionBatcher({
    ...options,
    consumer: () => holding(0),
    producer: old.producer,
    renewProducer: async () => fresh.producer,
    lingerMs: 5,
    maxRecords: 1_000,
    sleep: async () => undefined,
  });
  const committed: number[] = [];
  assert.equal(await batcher.submit(work(0, ['a'], committed)), true);
  assert.ok(disconnected, 'the old producer was closed');
  assert.equal(batcher.producer, fresh.producer);
  assert.deepEqual(
    fresh.transactions.map((t) => [t.keys.join(','), t.outcome]),
    [['a', 'committed']],
  );
  assert.deepEqual(committed, [0]);
});

test('TransactionBatcher treats records never acknowledged as a timeout: aborts and redoes the transaction', async () => {
  let transactionsBegun = 0;
  const outcomes: string[] = [];
  const producer = {
    transaction: async () => {
      const first = ++transactionsBegun === 1;
      return {
        // The first attempt's delivery reports never come.
        sendBatch: () => (first ? new Promise(() => undefined) : Promise.resolve([])),
        sendOffsets: async () => undefined,
        commit: async () => void outcomes.push('committed'),
        abort: async () => void outcomes.push('aborted'),
      };
    },
  } as unknown as Producer;
  const batcher = retryingBatcher(producer, [0], { deliveryTimeoutMs: 20, sleep: async () => undefined });
  const committed: number[] = [];
  assert.equal(await batcher.submit(work(0, ['a'], committed)), true);
  assert.deepEqual(outcomes, ['aborted', 'committed']);
  assert.deepEqual(committed, [0]);
});
