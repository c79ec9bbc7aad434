import assert from 'node:assert/strict';
import { test } from 'vitest';
import { classifyBulkInsert } from '../src/write-outcome.js';

const mongoDuplicate = (index: string) =>
  `E11000 duplicate key error collection: tp.tweets index: ${index} dup key: { _id: "1900000000000000001" }`;
const ferretDuplicate = 'E11000 duplicate key error collection: tp.tweets';

test('classifyBulkInsert counts every document inserted when there is no error', () => {
  const outcome = classifyBulkInsert({ documentCount: 3, insertedCount: 3, writeErrors: [] });
  assert.deepEqual(outcome, {
    kind: 'settled',
    inserted: [0, 1, 2],
    alreadyPresent: [],
    ambiguousDuplicates: [],
    retry: [],
    rejected: [],
  });
});

test('classifyBulkInsert sorts per-document errors: _id duplicate, other unique index, unnamed, transient, refused', () => {
  const outcome = classifyBulkInsert({
    documentCount: 7,
    insertedCount: 2,
    writeErrors: [
      { index: 0, code: 11000, errmsg: mongoDuplicate('_id_') },
      { index: 2, code: 11000, errmsg: mongoDuplicate('text_unique') },
      { index: 3, code: 11000, errmsg: ferretDuplicate },
      { index: 4, code: 91, errmsg: 'The server is in quiesce mode and will shut down' },
      { index: 6, code: 2, errmsg: 'invalid key: "a.b" (key must not contain \'.\' sign)' },
    ],
  });
  assert.equal(outcome.kind, 'settled');
  if (outcome.kind !== 'settled') return;
  assert.deepEqual(outcome.inserted, [1, 5]);
  assert.deepEqual(outcome.alreadyPresent, [0]);
  assert.deepEqual(outcome.ambiguousDuplicates, [3]);
  assert.deepEqual(outcome.retry, [4]);
  assert.deepEqual(
    outcome.rejected.map((r) => [r.index, r.code]),
    [
      [2, 11000],
      [6, 2],
    ],
  );
  assert.match(outcome.rejected[1]!.reason, /must not contain/);
});

test('classifyBulkInsert treats a failed command (one error, the rest neither inserted nor failed) as a failed batch', () => {
  const notPrimary = classifyBulkInsert({
    documentCount: 100,
    insertedCount: 0,
    writeErrors: [{ index: 0, code: 10107, errmsg: 'not primary' }],
  });
  assert.deepEqual(notPrimary, { kind: 'batch_failed', code: 10107, reason: 'not primary', retriable: true });
  const unauthorized = classifyBulkInsert({
    documentCount: 100,
    insertedCount: 0,
    writeErrors: [{ index: 0, code: 13, errmsg: 'not authorized on tp to execute command' }],
  });
  assert.equal(unauthorized.kind === 'batch_failed' && unauthorized.retriable, false);
});

test('classifyBulkInsert fails the batch on a write-concern error: retriable for a timeout, not for an unknown mode', () => {
  const timeout = classifyBulkInsert({
    documentCount: 2,
    insertedCount: 2,
    writeErrors: [],
    writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' },
  });
  assert.deepEqual(timeout, {
    kind: 'batch_failed',
    code: 64,
    reason: 'waiting for replication timed out',
    retriable: true,
  });
  const unknownMode = classifyBulkInsert({
    documentCount: 2,
    insertedCount: 1,
    writeErrors: [{ index: 1, code: 11000, errmsg: mongoDuplicate('_id_') }],
    writeConcernError: { code: 79, errmsg: "unrecognized getLastError mode: 'dc2'" },
  });
  assert.equal(unknownMode.kind === 'batch_failed' && unknownMode.retriable, false);
});

test('classifyBulkInsert ignores errors outside the batch and a second error for the same document', () => {
  const outcome = classifyBulkInsert({
    documentCount: 2,
    insertedCount: 1,
    writeErrors: [
      { index: 1, code: 11000, errmsg: mongoDuplicate('_id_') },
      { index: 1, code: 2, errmsg: 'again' },
      { index: 9, code: 2, errmsg: 'no such document' },
    ],
  });
  assert.ok(outcome.kind === 'settled');
  assert.deepEqual(outcome.inserted, [0]);
  assert.deepEqual(outcome.alreadyPresent, [1]);
  assert.deepEqual(outcome.rejected, []);
});
