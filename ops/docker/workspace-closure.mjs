// Cuts the monorepo down to one deployable workspace and the workspaces it depends on at run
// time (its "closure"), for the image build in ops/docker/service.Dockerfile. Run from the
// directory that holds the root package.json:
//   node workspace-closure.mjs manifest WORKSPACE       root package.json lists only the closure
//   node workspace-closure.mjs dist WORKSPACE DEST      copies each closure member's package.json and dist/src
//   node workspace-closure.mjs deps WORKSPACE DEST      copies package.json files and node_modules (links kept)
/* global process, console */
import { cpSync, existsSync, globSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function workspacesByName(root) {
  const byName = new Map();
  for (const pattern of root.workspaces) {
    for (const dir of globSync(pattern)) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) byName.set(readJson(manifest).name, dir);
    }
  }
  return byName;
}

/** The workspace plus every workspace reachable through `dependencies` (never devDependencies). */
function closure(workspace) {
  const byName = workspacesByName(readJson('package.json'));
  const found = new Set();
  const queue = [workspace.replace(/\/+$/, '')];
  while (queue.length > 0) {
    const dir = queue.pop();
    if (found.has(dir)) continue;
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`${dir} is not a workspace (no package.json)`);
    found.add(dir);
    for (const name of Object.keys(readJson(join(dir, 'package.json')).dependencies ?? {})) {
      const dependency = byName.get(name);
      if (dependency !== undefined) queue.push(dependency);
    }
  }
  return [...found].sort();
}

function copy(from, to) {
  if (!existsSync(from)) return;
  mkdirSync(join(to, '..'), { recursive: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

const [command, workspace, dest] = process.argv.slice(2);
if (workspace === undefined || (command !== 'manifest' && dest === undefined)) {
  console.error('usage: workspace-closure.mjs manifest|dist|deps WORKSPACE [DEST]');
  process.exit(2);
}
const members = closure(workspace);
if (command === 'manifest') {
  const root = readJson('package.json');
  const manifest = { name: root.name, private: true, type: root.type, workspaces: members };
  writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`workspaces: ${members.join(' ')}`);
} else if (command === 'dist') {
  for (const dir of members) {
    if (!existsSync(join(dir, 'dist/src'))) throw new Error(`${dir}/dist/src is missing: was it built?`);
    copy(join(dir, 'package.json'), join(dest, dir, 'package.json'));
    copy(join(dir, 'dist/src'), join(dest, dir, 'dist/src'));
  }
} else if (command === 'deps') {
  copy('package.json', join(dest, 'package.json'));
  copy('node_modules', join(dest, 'node_modules'));
  for (const dir of members) {
    copy(join(dir, 'package.json'), join(dest, dir, 'package.json'));
    copy(join(dir, 'node_modules'), join(dest, dir, 'node_modules'));
  }
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
