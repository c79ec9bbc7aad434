import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import { createLogger, type Logger } from '@tweet-pipeline/observability';
import type { RunningEmulator } from '@tweet-pipeline/x-api-emulator';

/**
 * For a test file of the X sources: a debug logger whose lines are kept, a list for the emulators
 * the file starts, and, after the file, the emulators closed and the check that the bearer token
 * reached no log line (whatever the tests did).
 */
export function xTestLog(token: string): { log: Logger; lines: string[]; emulators: RunningEmulator[] } {
  const lines: string[] = [];
  const emulators: RunningEmulator[] = [];
  const log = createLogger({
    service: 'test',
    level: 'debug',
    destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
  });
  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    assert.ok(lines.length > 0, 'the sources logged something: the check below looked at real lines');
    for (const line of lines) assert.ok(!line.includes(token), `token leaked in: ${line.slice(0, 200)}`);
  });
  return { log, lines, emulators };
}
