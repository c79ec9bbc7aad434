import assert from 'node:assert/strict';
import { test } from 'vitest';
import { ProgressLine } from '../src/progress-line.js';

function stream(
  isTTY: boolean,
  columns = 80,
): { isTTY: boolean; columns: number; text: string; write(t: string): void } {
  return {
    isTTY,
    columns,
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
}

test('ProgressLine on a terminal redraws one line in place, at most every redrawMs, and ends it on done', () => {
  let now = 0;
  const out = stream(true);
  const progress = new ProgressLine({ stream: out, prefix: '[x] ', redrawMs: 100, now: () => now });
  progress.update('1%');
  now = 50;
  progress.update('2%');
  now = 150;
  progress.update('3%');
  progress.done();
  assert.equal(out.text, '\r\x1b[2K[x] 1%\r\x1b[2K[x] 3%\n');
});

test('ProgressLine on a terminal prints kept lines above the progress line and redraws it', () => {
  const out = stream(true);
  const progress = new ProgressLine({ stream: out, now: () => 0 });
  progress.update('working');
  progress.print('step two');
  assert.equal(out.text, '\r\x1b[2Kworking\r\x1b[2Kstep two\n\r\x1b[2Kworking');
});

test('ProgressLine on a terminal cuts a line wider than the terminal, so redrawing does not wrap', () => {
  const out = stream(true, 20);
  new ProgressLine({ stream: out }).update('x'.repeat(50));
  assert.equal(out.text, `\r\x1b[2K${'x'.repeat(18)}…`);
});

test('ProgressLine elsewhere writes plain lines at most every everyMs, and the last state on done', () => {
  let now = 0;
  const out = stream(false);
  const progress = new ProgressLine({ stream: out, prefix: '[x] ', everyMs: 10_000, now: () => now });
  progress.update('a');
  now = 5_000;
  progress.update('b');
  progress.print('kept');
  now = 10_000;
  progress.update('c');
  now = 12_000;
  progress.update('d');
  progress.done();
  progress.done();
  assert.equal(out.text, '[x] a\n[x] kept\n[x] c\n[x] d\n');
  assert.ok(!out.text.includes('\r'));
});
