import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceDir } from './repo-paths.js';

/** Real recorded X API v2 payloads (twarc-csv test data, MIT); see fixtures/README.md. */
export const fixturesDir = join(workspaceDir(import.meta.url), 'fixtures', 'x-api-v2');

/** The lines of a recorded JSONL file, exactly as recorded (no trailing empty line). */
export function fixtureLines(name: string): string[] {
  return readFileSync(join(fixturesDir, name), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
