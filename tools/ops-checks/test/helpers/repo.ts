import { join } from 'node:path';
import { repoRoot as testkitRepoRoot } from '@tweet-pipeline/testkit';

/** The repository root. */
export const repoRoot = testkitRepoRoot;

/** A path inside the repository, from the root. */
export function repoPath(relative: string): string {
  return join(repoRoot, relative);
}
