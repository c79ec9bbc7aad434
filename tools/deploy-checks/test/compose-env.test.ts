import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { repoRoot } from '../src/index.js';

interface Reference {
  name: string;
  /** The value Compose uses when the variable is unset (`${NAME:-default}`), if the file gives one. */
  fallback?: string;
}

/** Every variable docker-compose.yml interpolates; comment lines are not interpolated, `$$` is a literal `$`. */
function composeReferences(text: string): Reference[] {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll('$$', '');
  return [...code.matchAll(/\$(?:\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g)].map((m) => {
    const [, braced, operator, operand, bare] = m;
    return operator?.endsWith('-') ? { name: braced!, fallback: operand! } : { name: (braced ?? bare)! };
  });
}

interface Entry {
  name: string;
  value: string;
  /** The comment lines right above it. */
  comment: string[];
}

/** The `NAME=value` lines of a dotenv file, each with the comment block above it. */
function dotenvEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let comment: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) comment.push(line);
    else if (line.trim() === '') comment = [];
    else {
      const match = /^([A-Za-z_]\w*)=(.*)$/.exec(line);
      assert.ok(match, `.env.example: not NAME=value: ${line}`);
      entries.push({ name: match[1]!, value: match[2]!, comment });
      comment = [];
    }
  }
  return entries;
}

const references = composeReferences(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'));
const entries = dotenvEntries(readFileSync(join(repoRoot, '.env.example'), 'utf8'));

describe('.env.example', () => {
  test('lists every variable docker-compose.yml reads, and no other', () => {
    assert.ok(references.length > 0, 'docker-compose.yml reads variables');
    const listed = entries.map((e) => e.name);
    assert.equal(new Set(listed).size, listed.length, `listed once each: ${listed.join(', ')}`);
    assert.deepEqual(listed.toSorted(), [...new Set(references.map((r) => r.name))].sort());
  });

  test('gives each variable the default docker-compose.yml uses, with a comment saying what it is', () => {
    for (const entry of entries) {
      for (const reference of references.filter((r) => r.name === entry.name)) {
        assert.notEqual(reference.fallback, undefined, `docker-compose.yml: \${${entry.name}} has a default`);
        assert.equal(entry.value, reference.fallback, `${entry.name}: the default of docker-compose.yml`);
      }
      assert.ok(entry.comment.length > 0, `${entry.name}: a comment above it`);
    }
  });
});
