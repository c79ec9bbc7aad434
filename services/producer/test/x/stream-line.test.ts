import assert from 'node:assert/strict';
import { test } from 'vitest';
import { fixtureLines } from '@tweet-pipeline/testkit';
import { classifyStreamLine } from '../../src/x/stream-line.js';

test('classifyStreamLine recognises recorded tweets, the disconnect payload and the truncated line', () => {
  const lines = fixtureLines('filtered-stream-2021-04-01.jsonl').map(classifyStreamLine);
  assert.equal(lines.filter((l) => l.kind === 'tweet').length, 8);
  const errors = lines.filter((l) => l.kind === 'error');
  assert.equal(errors.length, 1);
  assert.deepEqual(errors[0], {
    kind: 'error',
    title: 'operational-disconnect',
    detail: errors[0]?.kind === 'error' ? errors[0].detail : '',
    disconnect: true,
  });
  const truncated = classifyStreamLine(fixtureLines('filtered-stream-with-truncated-line.jsonl').at(-1)!);
  assert.equal(truncated.kind, 'invalid');
});

test('classifyStreamLine rejects numeric and missing tweet ids', () => {
  assert.equal(classifyStreamLine('{"data":{"id":1377650090978992134,"text":"x"}}').kind, 'invalid');
  assert.equal(classifyStreamLine('{"data":{"text":"x"}}').kind, 'invalid');
  assert.equal(classifyStreamLine('[1,2]').kind, 'invalid');
  assert.deepEqual(classifyStreamLine('{"data":{"id":"1377650090978992134","text":"x"}}'), {
    kind: 'tweet',
    id: '1377650090978992134',
  });
});

test('classifyStreamLine calls an error payload whose first error is not an object invalid, without throwing', () => {
  assert.deepEqual(classifyStreamLine('{"errors":[null]}'), { kind: 'invalid', reason: 'errors[0] is not an object' });
  assert.equal(classifyStreamLine('{"errors":[1]}').kind, 'invalid');
  assert.equal(classifyStreamLine('{"errors":[{}]}').kind, 'error');
});

test("classifyStreamLine holds post ids to X's documented form: 1-19 decimal digits", () => {
  const line = (id: string) => `{"data":{"id":"${id}","text":"music"}}`;
  assert.deepEqual(classifyStreamLine(line('1')), { kind: 'tweet', id: '1' });
  assert.deepEqual(classifyStreamLine(line('9223372036854775807')), { kind: 'tweet', id: '9223372036854775807' });
  for (const id of ['18446744073709551615', '9223372036854775808', '01', '0', '12a', ''])
    assert.equal(classifyStreamLine(line(id)).kind, 'invalid', id);
});

test('classifyStreamLine sends valid JSON with a lone surrogate escape to the DLQ instead of altering it', () => {
  assert.deepEqual(classifyStreamLine('{"data":{"id":"1900000000000000001","text":"music \\ud800 here"}}'), {
    kind: 'invalid',
    reason: 'text is not well-formed Unicode (lone surrogate escape) at $.data.text',
  });
  assert.deepEqual(
    classifyStreamLine('{"data":{"id":"1900000000000000001","text":"ok"},"includes":{"users":[{"name":"\\udc00"}]}}'),
    { kind: 'invalid', reason: 'text is not well-formed Unicode (lone surrogate escape) at $.includes.users[0].name' },
  );
  // A surrogate pair escaped is a well-formed emoji.
  assert.equal(classifyStreamLine('{"data":{"id":"1900000000000000001","text":"\\ud83c\\udfb5"}}').kind, 'tweet');
  assert.deepEqual(classifyStreamLine(Buffer.from([0x7b, 0xff, 0x7d])), {
    kind: 'invalid',
    reason: 'message bytes are not valid UTF-8',
  });
});
