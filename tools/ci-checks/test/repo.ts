import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@tweet-pipeline/testkit';

/** The repository root. */
export const root = repoRoot;

/** Shell scripts the project runs: CI/CD helpers, bootstrap, local stack, dev entry points. */
export function shellScripts(): string[] {
  const dirs = ['ops/ci', 'tools/bootstrap', 'tools/local-stack', 'tools/dev'];
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => join(root, dir, f)),
  );
}
