import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from tools/ops-checks/dist/test/…). */
export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** A path inside the repository, from the root. */
export function repoPath(relative: string): string {
  return join(repoRoot, relative);
}
