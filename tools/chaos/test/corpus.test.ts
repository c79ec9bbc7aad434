import assert from 'node:assert/strict';
import { test } from 'vitest';
import { adversarialCorpus, readCorpus, specBytes } from '../src/index.js';

test('fixtures/adversarial holds exactly what adversarial-corpus.ts generates (run `npm run generate`)', () => {
  const generated = JSON.parse(JSON.stringify(adversarialCorpus())) as unknown[];
  const stored = readCorpus();
  const byGroup = (groups: { group: string }[]) => [...groups].sort((a, b) => a.group.localeCompare(b.group));
  assert.deepEqual(byGroup(stored), byGroup(generated as { group: string }[]));
});

test('specBytes concatenates and repeats without holding the expansion in the manifest', () => {
  const bytes = specBytes({ concat: [{ utf8: 'é' }, { repeat: { base64: 'AAE=' }, times: 3 }] });
  assert.deepEqual([...bytes], [0xc3, 0xa9, 0, 1, 0, 1, 0, 1]);
});
