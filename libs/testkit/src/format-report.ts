import { spawnSync } from 'node:child_process';
import { join, sep } from 'node:path';
import { repoRoot } from './repo-paths.js';

/**
 * Formats the report files a tool wrote into the repository (docs/benchmarks.md, …) as the lint
 * step expects, with the repository's prettier; files elsewhere (`--out /tmp/x`) are left as
 * written. Best effort: a report is worth more unformatted than lost, so failures are ignored.
 */
export function formatCommittedReport(files: readonly string[]): void {
  const committed = files.filter((file) => file.startsWith(repoRoot + sep));
  if (committed.length === 0) return;
  spawnSync(join(repoRoot, 'node_modules', '.bin', 'prettier'), ['--write', '--log-level=warn', ...committed], {
    stdio: ['ignore', 2, 2],
  });
}
