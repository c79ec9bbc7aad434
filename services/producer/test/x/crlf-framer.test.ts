import assert from 'node:assert/strict';
import { test } from 'vitest';
import { CrLfFramer } from '../../src/x/crlf-framer.js';

function frame(chunks: Buffer[]): { lines: string[]; keepAlives: number } {
  const framer = new CrLfFramer();
  const lines: string[] = [];
  let keepAlives = 0;
  for (const chunk of chunks)
    framer.push(
      chunk,
      (line) => lines.push(line.toString('utf8')),
      () => keepAlives++,
    );
  return { lines, keepAlives };
}

test('CrLfFramer splits messages on CRLF and counts keep-alives', () => {
  assert.deepEqual(frame([Buffer.from('{"a":1}\r\n\r\n{"b":2}\r\n')]), {
    lines: ['{"a":1}', '{"b":2}'],
    keepAlives: 1,
  });
});

test('CrLfFramer keeps multi-byte characters and CRLF split across chunks intact', () => {
  const message = Buffer.from('{"text":"🎵 café"}\r\n');
  // Every split point, including inside the emoji's 4 bytes and between \r and \n.
  for (let at = 1; at < message.length; at++) {
    const { lines } = frame([message.subarray(0, at), message.subarray(at)]);
    assert.deepEqual(lines, ['{"text":"🎵 café"}'], `split at byte ${at}`);
  }
});

test('CrLfFramer holds a partial message until its end arrives and reset drops it', () => {
  const framer = new CrLfFramer();
  const lines: string[] = [];
  framer.push(
    Buffer.from('{"partial":'),
    (l) => lines.push(l.toString()),
    () => undefined,
  );
  assert.equal(framer.bufferedBytes, 11);
  framer.reset();
  framer.push(
    Buffer.from('{"whole":1}\r\n'),
    (l) => lines.push(l.toString()),
    () => undefined,
  );
  assert.deepEqual(lines, ['{"whole":1}']);
});
