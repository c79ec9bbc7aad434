import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { sourceLoaderArgs } from '@tweet-pipeline/testkit';
import { DurableSpool, SpoolFullError, type RawRecord } from '../../src/index.js';

const tempPath = (): string => join(mkdtempSync(join(tmpdir(), 'spool-')), 'spool.db');
const record = (key: string, value = `{"data":{"id":"${key}"}}`): RawRecord => ({
  key,
  value,
  source: 'synthetic',
  receivedAt: 1_700_000_000_000,
});

test('DurableSpool returns records in append order and deletes them on acknowledge', () => {
  const spool = new DurableSpool({ path: tempPath(), maxBytes: 1_000_000 });
  const appended = spool.append([record('1'), record('2'), record('3')]);
  assert.deepEqual(
    appended.map((r) => r.seq),
    [1, 2, 3],
  );
  const firstTwo = spool.readAfter(0, 2);
  assert.deepEqual(
    firstTwo.map((r) => r.key),
    ['1', '2'],
  );
  assert.equal(firstTwo[0]?.value.toString(), '{"data":{"id":"1"}}');
  spool.acknowledge(2);
  assert.equal(spool.count, 1);
  assert.deepEqual(
    spool.readAfter(0, 10).map((r) => r.key),
    ['3'],
  );
  spool.close();
});

test('DurableSpool tracks its bytes and refuses a batch that does not fit, appending none of it', () => {
  const spool = new DurableSpool({ path: tempPath(), maxBytes: 100 });
  spool.append([record('1', 'x'.repeat(40))]);
  assert.equal(spool.bytes, 41);
  assert.throws(() => spool.append([record('2', 'y'.repeat(30)), record('3', 'z'.repeat(30))]), SpoolFullError);
  assert.equal(spool.count, 1);
  spool.acknowledge(1);
  assert.equal(spool.bytes, 0);
  spool.append([record('2', 'y'.repeat(30)), record('3', 'z'.repeat(30))]);
  assert.equal(spool.count, 2);
  spool.close();
});

test('DurableSpool keeps appended records across a SIGKILL of the writing process', () => {
  const path = tempPath();
  // The child appends, then kills itself without closing the database.
  const child = spawnSync(
    process.execPath,
    [
      ...sourceLoaderArgs,
      '--input-type=module',
      '-e',
      `import { DurableSpool } from ${JSON.stringify(new URL('../../src/index.ts', import.meta.url).href)};
       const spool = new DurableSpool({ path: ${JSON.stringify(path)}, maxBytes: 1e9 });
       for (let i = 1; i <= 100; i++) spool.append([{ key: String(i), value: 'v' + i, source: 'synthetic', receivedAt: 1 }]);
       process.kill(process.pid, 'SIGKILL');`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const reopened = new DurableSpool({ path, maxBytes: 1e9 });
  assert.equal(reopened.count, 100);
  assert.deepEqual(
    reopened.readAfter(98, 10).map((r) => r.value.toString()),
    ['v99', 'v100'],
  );
  reopened.close();
});

test('DurableSpool takes a batch larger than its whole bound when empty, so a source cannot wait for room forever', () => {
  const spool = new DurableSpool({ path: tempPath(), maxBytes: 100 });
  spool.append([record('1', 'x'.repeat(500))]);
  assert.equal(spool.count, 1);
  assert.throws(() => spool.append([record('2', 'y')]), SpoolFullError);
  spool.acknowledge(1);
  spool.append([record('2', 'y')]);
  assert.equal(spool.count, 1);
  spool.close();
});
