import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workspace a module belongs to: the nearest directory at or above it with a package.json.
 * The same answer whether the module runs from its TypeScript source (`src/x.ts`, under vitest or
 * tsx) or from the build (`dist/src/x.js`), so paths built on it hold in both.
 */
export function workspaceDir(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
  return dir;
}

function findRepoRoot(): string {
  for (let dir = workspaceDir(import.meta.url); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    if (dirname(dir) === dir) throw new Error('no package.json with workspaces above libs/testkit');
  }
}

/** The repository's root directory (its package.json lists the workspaces). */
export const repoRoot: string = findRepoRoot();

/** True when this code runs from TypeScript sources (vitest, tsx), false when it runs from the build. */
export const runsFromSource: boolean = import.meta.url.endsWith('.ts');

/** Node arguments that load TypeScript sources (tsx) and resolve workspace imports to their `src/`. */
export const sourceLoaderArgs: readonly string[] = [
  '--import',
  createRequire(import.meta.url).resolve('tsx'),
  '--conditions=source',
];

/**
 * The node arguments that run `entry`: a `.ts` entry through the tsx loader, with every workspace
 * import resolved to its `src/` (the `source` export condition), so child processes of a test run
 * the same sources as the test itself; a `.js` entry as it is.
 */
export function nodeArgs(entry: string): string[] {
  return entry.endsWith('.ts') ? [...sourceLoaderArgs, entry] : [entry];
}

/**
 * A runnable module of a workspace (`tools/x-api-emulator`, file `main`): its TypeScript source when
 * the caller runs from source, its build (`dist/src/<file>.js`) otherwise. Run it with {@link nodeArgs}.
 */
export function workspaceEntry(workspace: string, file = 'main'): string {
  return runsFromSource
    ? join(repoRoot, workspace, 'src', `${file}.ts`)
    : join(repoRoot, workspace, 'dist', 'src', `${file}.js`);
}

/** A runnable module of a service (`main`, `replay-cli`, `rebuild-cli`…); see {@link workspaceEntry}. */
export function serviceEntry(name: 'producer' | 'filter' | 'sink' | (string & {}), file = 'main'): string {
  return workspaceEntry(`services/${name}`, file);
}
