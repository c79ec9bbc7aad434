import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceDir } from '@tweet-pipeline/testkit';
import { specBytes } from './byte-spec.js';
import type { CorpusEntry, CorpusGroup } from './corpus-entry.js';

/** `tools/chaos/fixtures/adversarial`: one manifest per group, `<group>.json`. */
export const corpusDir = join(workspaceDir(import.meta.url), 'fixtures', 'adversarial') + '/';

/** A corpus entry with its bytes materialised. */
export interface LoadedEntry extends CorpusEntry {
  readonly group: string;
  readonly keyBytes: Buffer | null;
  readonly valueBytes: Buffer | null;
}

/** Writes one manifest per group; returns the files written. */
export function writeCorpus(groups: readonly CorpusGroup[], dir = corpusDir): string[] {
  mkdirSync(dir, { recursive: true });
  return groups.map((group) => {
    const file = join(dir, `${group.group}.json`);
    writeFileSync(file, `${JSON.stringify(group, null, 2)}\n`);
    return file;
  });
}

/** The manifests as stored, in file-name order. */
export function readCorpus(dir = corpusDir): CorpusGroup[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CorpusGroup);
}

/** Every entry of the stored corpus, bytes materialised. */
export function loadCorpus(dir = corpusDir): LoadedEntry[] {
  return readCorpus(dir).flatMap(({ group, entries }) =>
    entries.map((entry) => ({
      ...entry,
      group,
      keyBytes: entry.key === null ? null : specBytes(entry.key),
      valueBytes: entry.value === null ? null : specBytes(entry.value),
    })),
  );
}
