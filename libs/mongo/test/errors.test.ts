import assert from 'node:assert/strict';
import { test } from 'vitest';
import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type BulkWriteResult,
} from 'mongodb';
import { describeDatabaseError, isDatabaseUnavailable } from '../src/index.js';

// The wrapper only stores the result; these tests never read it.
const emptyResult = {} as BulkWriteResult;

test('isDatabaseUnavailable is true for network, timeout and server-selection errors', () => {
  assert.equal(isDatabaseUnavailable(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017')), true);
  assert.equal(isDatabaseUnavailable(new MongoNetworkTimeoutError('socket timed out')), true);
  // The topology description is only read for the error's message details.
  const selection = new MongoServerSelectionError('Server selection timed out', { error: undefined } as never);
  assert.equal(isDatabaseUnavailable(selection), true);
  assert.equal(isDatabaseUnavailable(new MongoTopologyClosedError()), true);
});

test('isDatabaseUnavailable looks through a bulk write error that wraps a network error', () => {
  const wrapped = new MongoBulkWriteError(new MongoNetworkError('connection 3 closed'), emptyResult);
  assert.equal(isDatabaseUnavailable(wrapped), true);
  assert.equal(describeDatabaseError(wrapped).reason, 'MongoNetworkError: connection 3 closed');
});

test('isDatabaseUnavailable is true for passing server states and false for refusals', () => {
  assert.equal(isDatabaseUnavailable(new MongoServerError({ code: 91, errmsg: 'shutdown in progress' })), true);
  assert.equal(isDatabaseUnavailable(new MongoServerError({ code: 10107, errmsg: 'not primary' })), true);
  assert.equal(isDatabaseUnavailable(new MongoServerError({ code: 13, errmsg: 'not authorized' })), false);
  assert.equal(isDatabaseUnavailable(new MongoServerError({ code: 18, errmsg: 'Authentication failed' })), false);
  assert.equal(isDatabaseUnavailable(new TypeError('bug')), false);
  assert.equal(isDatabaseUnavailable(undefined), false);
});

test('describeDatabaseError gives the code and a one-line reason', () => {
  assert.deepEqual(describeDatabaseError(new MongoServerError({ code: 13, errmsg: 'not authorized' })), {
    code: 13,
    reason: 'MongoServerError: not authorized',
  });
  assert.deepEqual(describeDatabaseError('odd'), { code: 0, reason: 'odd' });
});
