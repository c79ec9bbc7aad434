import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { DurableSpool, Ingest, type RawRecord } from '../../src/index.js';

const record = (key: string): RawRecord => ({ key, value: 'x'.repeat(49), source: 'synthetic', receivedAt: 1 });

test('Ingest waits while the spool is full, reports it, and appends once room is freed', async () => {
  const spool = new DurableSpool({ path: join(mkdtempSync(join(tmpdir(), 'ingest-')), 's.db'), maxBytes: 100 });
  const full: boolean[] = [];
  const appended: string[] = [];
  const ingest = new Ingest({
    spool,
    pollMs: 5,
    onFull: (isFull) => full.push(isFull),
    onAppended: (records) => appended.push(...records.map((r) => r.key)),
  });
  await ingest.accept([record('1'), record('2')]);
  let accepted = false;
  const waiting = ingest.accept([record('3')]).then(() => (accepted = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(accepted, false, 'the source is held back, not dropped');
  assert.deepEqual(full, [true]);
  spool.acknowledge(1);
  await waiting;
  assert.deepEqual(full, [true, false]);
  assert.deepEqual(appended, ['1', '2', '3']);
  assert.deepEqual(
    spool.readAfter(0, 10).map((r) => r.key),
    ['2', '3'],
  );
  spool.close();
});

test('Ingest gives up waiting only when its signal aborts', async () => {
  const spool = new DurableSpool({ path: join(mkdtempSync(join(tmpdir(), 'ingest-')), 's.db'), maxBytes: 60 });
  spool.append([record('1')]);
  const ingest = new Ingest({ spool, pollMs: 5, onFull: () => undefined, onAppended: () => undefined });
  const abort = new AbortController();
  const waiting = ingest.accept([record('2')], abort.signal);
  setTimeout(() => abort.abort(), 30);
  await assert.rejects(waiting, { name: 'AbortError' });
  assert.equal(spool.count, 1);
  spool.close();
});
