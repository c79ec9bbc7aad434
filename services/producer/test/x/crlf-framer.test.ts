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

test("CrLfFramer accepts a bare \\n as delimiter, as X's own emulator frames", () => {
  assert.deepEqual(frame([Buffer.from('{"a":1}\n\n{"b":2}\r\n{"c":'), Buffer.from('3}\n')]), {
    lines: ['{"a":1}', '{"b":2}', '{"c":3}'],
    keepAlives: 1,
  });
});

test('CrLfFramer gives up on a frame above the maximum, without buffering it', () => {
  const framer = new CrLfFramer(16);
  const lines: string[] = [];
  const oversized: { head: string; bytes: number }[] = [];
  const push = (text: string): void =>
    framer.push(
      Buffer.from(text),
      (l) => lines.push(l.toString()),
      () => undefined,
      (f) => oversized.push({ head: f.head.toString(), bytes: f.bytes }),
    );
  push('{"ok":1}\r\n');
  push('{"huge":"0123456'); // 16 bytes: still allowed
  assert.equal(oversized.length, 0);
  push('789');
  assert.deepEqual(lines, ['{"ok":1}']);
  assert.deepEqual(oversized, [{ head: '{"huge":"0123456', bytes: 19 }]);
  assert.equal(framer.overflowed, true);
  assert.equal(framer.bufferedBytes, 0);
  push('"}\r\n{"after":1}\r\n');
  assert.deepEqual(lines, ['{"ok":1}'], 'nothing is framed after an oversized frame until reset');
  framer.reset();
  push('{"after":1}\r\n');
  assert.deepEqual(lines, ['{"ok":1}', '{"after":1}']);
});

test('CrLfFramer gives up on a delimited frame above the maximum too', () => {
  const framer = new CrLfFramer(4);
  const seen: number[] = [];
  framer.push(
    Buffer.from('1234\r\n12345\n'),
    () => seen.push(0),
    () => undefined,
    (f) => seen.push(f.bytes),
  );
  assert.deepEqual(seen, [0, 5]);
});
