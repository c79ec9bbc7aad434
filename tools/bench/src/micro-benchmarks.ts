import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeArgs, repoRoot } from '@tweet-pipeline/testkit';

/** A benchmark of one component, `<workspace>/bench/<name>.bench.ts`: figures, no verdict. */
export interface MicroBenchmark {
  readonly name: string;
  /** Its TypeScript source, run through tsx like every command here. */
  readonly file: string;
}

/** Every micro-benchmark of the repository under `root` (libs, services, tools), sorted by name. */
export function microBenchmarks(root: string = repoRoot): MicroBenchmark[] {
  const found: MicroBenchmark[] = [];
  for (const group of ['libs', 'services', 'tools']) {
    if (!existsSync(join(root, group))) continue;
    for (const workspace of readdirSync(join(root, group))) {
      const dir = join(root, group, workspace, 'bench');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        if (file.endsWith('.bench.ts')) found.push({ name: file.slice(0, -'.bench.ts'.length), file: join(dir, file) });
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs micro-benchmarks one after the other, each in its own process with room for its data
 * (4 GiB heap), output as it comes. Stops at the first that fails.
 *
 * @returns the exit code for the command: 0 when every one succeeded, 1 otherwise.
 */
export function runMicroBenchmarks(benchmarks: readonly MicroBenchmark[]): number {
  for (const { name, file } of benchmarks) {
    process.stdout.write(`== ${name} (${relative(repoRoot, file)})\n`);
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', ...nodeArgs(file)], { stdio: 'inherit' });
    if (run.status !== 0) return 1;
  }
  return 0;
}
