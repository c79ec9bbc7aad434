import { createReadStream } from 'node:fs';

const LF = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The lines of a JSONL file as bytes, split on `\n` only — never decoded here,
 * so bytes that are not UTF-8 reach the DLQ as they were, and a bare `\r`
 * inside a line does not cut it in two (node:readline does both). A trailing
 * `\r` stays on the line (the caller strips it); a UTF-8 byte-order mark at
 * the start of the file is file metadata, not part of the first line, and is
 * dropped. Empty lines are yielded (the caller counts them).
 */
export async function* jsonlLines(file: string): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let first = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let data = chunk;
    if (first) {
      first = false;
      if (data.subarray(0, 3).equals(UTF8_BOM)) data = data.subarray(3);
    }
    let start = 0;
    for (let lf = data.indexOf(LF); lf !== -1; lf = data.indexOf(LF, start)) {
      pending.push(data.subarray(start, lf));
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      start = lf + 1;
    }
    if (start < data.length) pending.push(data.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}
