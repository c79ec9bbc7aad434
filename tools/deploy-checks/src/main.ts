#!/usr/bin/env node
import { staleGeneratedFiles, writeGeneratedFiles } from './generated-files.js';
import { repoRoot } from './repo.js';

// render: (re)writes the generated deployment files; check: lists the stale ones and exits 1.
const command = process.argv[2] ?? 'render';
if (command === 'render') {
  const changed = await writeGeneratedFiles(repoRoot);
  console.log(changed.length === 0 ? 'generated files are up to date' : `rendered: ${changed.join(' ')}`);
} else if (command === 'check') {
  const stale = await staleGeneratedFiles(repoRoot);
  if (stale.length > 0) {
    console.error(`stale generated files (run npm run render -w tools/deploy-checks): ${stale.join(' ')}`);
    process.exit(1);
  }
  console.log('generated files are up to date');
} else {
  console.error('usage: main.js render|check');
  process.exit(2);
}
