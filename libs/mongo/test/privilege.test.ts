import assert from 'node:assert/strict';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { test } from 'vitest';
import { isUnauthorized, isMissingPrivilege, MongoPrivilegeError, withPrivilege } from '../src/privilege.js';

/** What MongoDB answers a createIndexes the user has no privilege for (the driver builds this error from it). */
const unauthorized = () =>
  new MongoServerError({
    ok: 0,
    errmsg:
      'not authorized on tweet_pipeline to execute command { createIndexes: "tweets", indexes: [ ... ], $db: "tweet_pipeline" }',
    code: 13,
    codeName: 'Unauthorized',
  });

test('withPrivilege turns Unauthorized into MISSING_PRIVILEGE naming the action, the namespace and the roles', async () => {
  const err = await withPrivilege('collMod', 'tweet_pipeline.tweets', () => Promise.reject(unauthorized())).catch(
    (e: unknown) => e,
  );
  assert.ok(err instanceof MongoPrivilegeError);
  assert.equal(err.code, 'MISSING_PRIVILEGE');
  assert.equal(err.retriable, false);
  assert.equal(isMissingPrivilege(err), true);
  assert.match(err.message, /may not run collMod on tweet_pipeline\.tweets: grant the built-in role dbAdmin/);
  assert.match(err.message, /readWrite is not enough/);
  assert.equal((err.cause as MongoServerError).code, 13);
});

test('withPrivilege names createIndex with the roles that grant it', async () => {
  const err = await withPrivilege('createIndex', 'db.c', () => Promise.reject(unauthorized())).catch((e: unknown) => e);
  assert.match(
    (err as Error).message,
    /createIndex on db\.c: grant .*readWrite or dbAdmin, or a custom role with the createIndex action/,
  );
});

test('withPrivilege passes other errors and results unchanged', async () => {
  const other = new MongoServerError({
    ok: 0,
    errmsg: 'Index with name: x already exists',
    code: 85,
    codeName: 'IndexOptionsConflict',
  });
  await assert.rejects(
    withPrivilege('createIndex', 'db.c', () => Promise.reject(other)),
    (e) => e === other,
  );
  assert.equal(await withPrivilege('createIndex', 'db.c', async () => 'x_1'), 'x_1');
});

test('isUnauthorized reads code 13 and Atlas 8000, also inside a bulk write error, and nothing else', () => {
  assert.equal(isUnauthorized(unauthorized()), true);
  assert.equal(
    isUnauthorized(
      new MongoServerError({
        ok: 0,
        errmsg: 'user is not allowed to do action [createIndex] on [db.c]',
        code: 8000,
        codeName: 'AtlasError',
      }),
    ),
    true,
  );
  const bulk = new MongoBulkWriteError(unauthorized(), {
    insertedCount: 0,
    matchedCount: 0,
    modifiedCount: 0,
    deletedCount: 0,
    upsertedCount: 0,
    upsertedIds: {},
    insertedIds: {},
  } as never);
  assert.equal(isUnauthorized(bulk), true);
  assert.equal(
    isUnauthorized(
      new MongoServerError({ ok: 0, errmsg: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed' }),
    ),
    false,
  );
  assert.equal(isUnauthorized(new Error('not authorized')), false);
});
