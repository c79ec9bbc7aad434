import assert from 'node:assert/strict';
import { test } from 'vitest';
import { ProgressLine } from '@tweet-pipeline/cli';
import { scenarioProgress } from '../src/scenario-progress.js';

test('scenarioProgress shows the scenario, its phase, the percent done, the counts and the rate', () => {
  const stream = { isTTY: false, text: '', write: (t: string) => (stream.text += t) };
  const line = new ProgressLine({ stream, everyMs: 0 });
  const progress = scenarioProgress(line, 'burst');
  progress(45_000, 100_000, 'offer');
  progress(200, 100, 'drain');
  const [offer, drain] = stream.text.trimEnd().split('\n');
  assert.match(offer!, /^burst, offer: 45% \(45,000 \/ 100,000\), [\d,]+ \/s$/);
  assert.match(drain!, /^burst, drain: 100% \(200 \/ 100\), /);
});
