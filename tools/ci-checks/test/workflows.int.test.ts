import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { root, shellScripts } from './repo.js';

const workflows = readdirSync(join(root, '.github/workflows')).map((f) => join(root, '.github/workflows', f));

test('GitHub workflows pass actionlint (syntax, expressions, action inputs, embedded shell)', () => {
  const actionlint = process.env.TP_ACTIONLINT;
  assert.ok(actionlint, 'TP_ACTIONLINT is set by npm test (tools/bootstrap/env.sh tp_ensure_test_tools)');
  const result = spawnSync(actionlint, ['-no-color', ...workflows], { encoding: 'utf8', cwd: root });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('every script a workflow runs exists in the repository', () => {
  for (const workflow of workflows) {
    for (const [, script] of readFileSync(workflow, 'utf8').matchAll(/bash (ops\/ci\/[\w.-]+\.sh)/g)) {
      assert.doesNotThrow(() => readFileSync(join(root, script!)), `${workflow} runs ${script}`);
    }
  }
});

test('the CI workflow runs the same gate as .ci/run (npm test, with coverage under CI=true), lint, audit and security checks', () => {
  const ci = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
  for (const step of ['ops/ci/lint.sh', 'run: npm test', 'npm audit', 'ops/ci/security-lint.sh'])
    assert.ok(ci.includes(step), step);
  assert.match(readFileSync(join(root, '.ci/run'), 'utf8'), /npm test/);
});

test('the project shell scripts pass shellcheck', () => {
  const scripts = shellScripts();
  assert.ok(scripts.length >= 8);
  const output = execFileSync('shellcheck', ['--severity=warning', '--external-sources', ...scripts], {
    encoding: 'utf8',
    cwd: root,
  });
  assert.equal(output, '');
});

test('deploy.sh renders every overlay with all images pinned to the registry and tag (dry run)', () => {
  for (const overlay of ['dev', 'qa', 'prod']) {
    const rendered = execFileSync(
      'bash',
      [join(root, 'ops/ci/deploy.sh'), overlay, 'registry.example/acme', 'abc123'],
      {
        encoding: 'utf8',
        env: { ...process.env, DRY_RUN: '1' },
      },
    );
    const images = [...rendered.matchAll(/image: (\S+)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 4, `${overlay}: ${images.length} images`);
    const ours = images.filter((image) => image.includes('tweet-pipeline'));
    assert.ok(ours.length >= 4, overlay);
    for (const image of ours)
      assert.match(image, /^registry\.example\/acme\/tweet-pipeline-[a-z-]+:abc123$/, `${overlay}: ${image}`);
  }
});
