import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (this file runs from tools/ci-checks/dist/test). */
export const root = new URL('../../../../', import.meta.url).pathname;

/** Shell scripts the project runs: CI/CD helpers, bootstrap, local stack, dev entry points. */
export function shellScripts(): string[] {
  const dirs = ['ops/ci', 'tools/bootstrap', 'tools/local-stack', 'tools/dev'];
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => join(root, dir, f)),
  );
}
