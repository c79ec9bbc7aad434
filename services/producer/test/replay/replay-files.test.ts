import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { replayFiles, type RawRecord, type ReplayCounts, type ReplayRead } from '../../src/index.js';

test('replayFiles accounts for every line: published, invalid (incl. too large for Kafka), error payloads, skipped', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'corpus.jsonl');
  const lines = [
    '{"data":{"id":"1000000000000000001","text":"music"}}',
    '',
    '   ',
    '{"data":{"id":"1000000000000000002","text":"cut',
    '{"errors":[{"title":"operational-disconnect"}]}',
    `{"data":{"id":"1000000000000000003","text":"${'a'.repeat(1_100_000)}"}}`,
    'first\rsecond',
    '{"data":[],"meta":{"result_count":0}}',
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  const counts: ReplayCounts = { published: 0, invalid: 0, errorPayloads: 0, skipped: 0 };
  const records: RawRecord[] = [];
  for await (const batch of replayFiles([file], counts, { batchSize: 2 })) records.push(...batch);
  assert.deepEqual(counts, { published: 1, invalid: 3, errorPayloads: 1, skipped: 3 });
  assert.equal(records.length, 4);
  assert.equal(records.find((r) => r.invalid !== undefined && String(r.value).includes('\r'))?.value, 'first\rsecond');
});

test('replayFiles keeps the lines and bytes read up to date, for a progress line', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'two.jsonl');
  writeFileSync(file, '{"data":{"id":"1000000000000000001","text":"a"}}\n\n');
  const read: ReplayRead = { lines: 0, bytes: 0 };
  const counts: ReplayCounts = { published: 0, invalid: 0, errorPayloads: 0, skipped: 0 };
  for await (const batch of replayFiles([file], counts, { read })) assert.ok(batch.length > 0);
  assert.deepEqual(read, { lines: 2, bytes: 50 });
});
