import assert from 'node:assert/strict';
import { test } from 'vitest';
import { fixtureLines } from '@tweet-pipeline/testkit';
import { replayLine } from '../../src/replay/replay-lines.js';

test('replayLine publishes a recorded stream line byte for byte, twarc keys included', () => {
  const line = fixtureLines('filtered-stream-2021-04-01.jsonl')[0]!;
  const parsed = replayLine(line, 1);
  assert.equal(parsed.kind, 'records');
  const [record] = parsed.kind === 'records' ? parsed.records : [];
  assert.equal(record?.value, line);
  assert.equal(record?.key, /"id": "(\d+)", "created_at"/.exec(line)?.[1]);
  assert.ok(line.includes('"__twarc"'));
});

test('replayLine splits a search page into one message per tweet with its own author', () => {
  const page = fixtureLines('recent-search-page-brexit.jsonl')[0]!;
  const parsed = replayLine(page, 1);
  assert.equal(parsed.kind, 'records');
  const records = parsed.kind === 'records' ? parsed.records : [];
  assert.equal(records.length, 100);
  for (const record of records) {
    const message = JSON.parse(String(record.value)) as {
      data: { id: string; author_id: string };
      includes: { users?: { id: string }[] };
    };
    assert.equal(message.data.id, record.key);
    assert.equal(record.invalid, undefined);
    assert.deepEqual(
      message.includes.users?.map((u) => u.id),
      [message.data.author_id],
    );
  }
});

test('replayLine keeps every digit of numeric rule ids beyond 2^53', () => {
  const line =
    '{"data":{"id":"1377650090978992134","text":"x"},"matching_rules":[{"id":1377650087799754753,"tag":null}]}';
  const page = `{"data":[{"id":"1377650090978992134","text":"x","n":1377650087799754753}]}`;
  const fromPage = replayLine(page, 1);
  assert.match(String(fromPage.kind === 'records' ? fromPage.records[0]?.value : ''), /"n":1377650087799754753/);
  const fromLine = replayLine(line, 1);
  assert.equal(fromLine.kind === 'records' ? fromLine.records[0]?.value : '', line);
});

test('replayLine sends the truncated line to the DLQ and does not publish the disconnect payload', () => {
  const truncated = fixtureLines('filtered-stream-with-truncated-line.jsonl').at(-1)!;
  const parsed = replayLine(truncated, 1);
  assert.equal(parsed.kind, 'records');
  assert.match((parsed.kind === 'records' && parsed.records[0]?.invalid) || '', /invalid JSON/);
  const disconnect = fixtureLines('filtered-stream-2021-04-01.jsonl').find((l) =>
    l.includes('operational-disconnect'),
  )!;
  assert.deepEqual(replayLine(disconnect, 1), { kind: 'error-payload', title: 'operational-disconnect' });
  assert.deepEqual(replayLine('   ', 1), { kind: 'empty' });
});

test('replayLine sends a line that is not UTF-8 to the DLQ with its bytes as they were', () => {
  const line = Buffer.concat([
    Buffer.from('{"data":{"id":"1000000000000000001","text":"music '),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('"}}'),
  ]);
  const parsed = replayLine(line, 1);
  const [record] = parsed.kind === 'records' ? parsed.records : [];
  assert.equal(record?.invalid, 'line is not valid UTF-8');
  assert.deepEqual(record?.value, line);
  assert.equal(record?.key, '');
});

test('replayLine reads bytes like text: a trailing CR is dropped, a BOM makes the line invalid JSON', () => {
  const text = '{"data":{"id":"1000000000000000001","text":"music"}}';
  const parsed = replayLine(Buffer.from(`${text}\r`), 1);
  assert.deepEqual(parsed.kind === 'records' && parsed.records.map((r) => [r.key, r.value]), [
    ['1000000000000000001', text],
  ]);
  const bom = replayLine(Buffer.from(`\uFEFF${text}`), 1);
  assert.match((bom.kind === 'records' && bom.records[0]?.invalid) || '', /invalid JSON/);
});

test('replayLine never throws on malformed error payloads and search pages', () => {
  const invalidOnes = ['{"errors":[null]}', '{"errors":[[]]}', '{"data":[null]}', '{"data":[1,"x"]}'];
  for (const line of invalidOnes) {
    const parsed = replayLine(line, 1);
    assert.equal(parsed.kind, 'records', line);
    for (const record of parsed.kind === 'records' ? parsed.records : []) assert.ok(record.invalid, line);
  }
  const page = replayLine(
    '{"data":[{"id":"1000000000000000001","text":"x","author_id":"7"}],"includes":{"users":"x"}}',
    1,
  );
  assert.deepEqual(page.kind === 'records' && page.records.map((r) => [r.key, r.invalid]), [
    ['1000000000000000001', undefined],
  ]);
  assert.deepEqual(replayLine('{"data":[],"meta":{"result_count":0}}', 1), { kind: 'empty' });
});
