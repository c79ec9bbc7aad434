import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Real recorded X API v2 payloads (twarc-csv test data, MIT); see fixtures/README.md. */
export const fixturesDir = join(here, '..', '..', 'fixtures', 'x-api-v2');

/** The lines of a recorded JSONL file, exactly as recorded (no trailing empty line). */
export function fixtureLines(name: string): string[] {
  return readFileSync(join(fixturesDir, name), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
