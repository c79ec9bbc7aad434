import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { parse } from 'yaml';
import { root } from './repo.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<string, { uses?: string; steps?: Step[] }>;
}

const workflowsDir = join(root, '.github/workflows');
const workflows = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((file) => {
    const text = readFileSync(join(workflowsDir, file), 'utf8');
    return { file, text, workflow: parse(text) as Workflow };
  });

/** Every step of every job, with where it is for messages. */
const steps = workflows.flatMap(({ file, workflow }) =>
  Object.entries(workflow.jobs).flatMap(([job, { steps = [] }]) =>
    steps.map((step, i) => ({ where: `${file} ${job} step ${step.name ?? step.uses ?? i + 1}`, step })),
  ),
);

describe('GitHub workflows', () => {
  test('pin every action to a full commit SHA, with the tag it came from as a comment', () => {
    assert.ok(workflows.length >= 2, 'ci.yml and cd.yml');
    const uses = workflows.flatMap(({ file, text }) =>
      [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.*)$/gm)].map((m) => ({ file, line: m[1]!.trim() })),
    );
    assert.ok(uses.length > 0);
    for (const { file, line } of uses) {
      // Local actions and reusable workflows of this repository are versioned with it.
      if (line.startsWith('./')) continue;
      assert.match(line, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/, `${file}: uses: ${line}`);
    }
  });

  test('pass secrets and other expressions to scripts through env:, never inside a run: line', () => {
    const runs = steps.filter(({ step }) => typeof step.run === 'string');
    assert.ok(runs.length > 0);
    for (const { where, step } of runs) {
      // An expression in run: is pasted into the script before the shell sees it: a secret lands in the
      // script's text, an attacker-controlled value (branch name, PR title) becomes code.
      assert.doesNotMatch(step.run!, /\$\{\{/, `${where}: an expression inside run:`);
    }
    const secretsInEnv = steps.filter(({ step }) =>
      Object.values(step.env ?? {}).some((v) => String(v).includes('secrets.')),
    );
    assert.ok(secretsInEnv.length > 0, 'the secrets the scripts need arrive through env:');
  });

  test('cache no Maven repository: there is no pom.xml to key it on', () => {
    for (const { where, step } of steps.filter(({ step }) => step.uses?.startsWith('actions/setup-java@'))) {
      assert.notEqual(step.with?.['cache'], 'maven', where);
    }
    assert.ok(!readdirSync(root).includes('pom.xml'));
  });

  test('the CI test job runs npm test, which measures coverage itself under CI=true', () => {
    const ci = workflows.find(({ file }) => file === 'ci.yml');
    assert.ok(ci);
    assert.ok(
      steps.some(({ where, step }) => where.startsWith('ci.yml test') && step.run?.trim() === 'npm test'),
      'ci.yml test job: run: npm test',
    );
    assert.doesNotMatch(ci.text, /TP_TEST_COVERAGE/);
  });
});

describe('.github/dependabot.yml', () => {
  const config = parse(readFileSync(join(root, '.github/dependabot.yml'), 'utf8')) as {
    version: number;
    updates: {
      'package-ecosystem': string;
      directory?: string;
      schedule: { interval: string };
      groups?: Record<string, unknown>;
    }[];
  };

  test('updates npm, the pinned actions and the images, weekly and grouped', () => {
    assert.equal(config.version, 2);
    const ecosystems = config.updates.map((u) => u['package-ecosystem']);
    for (const ecosystem of ['npm', 'github-actions', 'docker'])
      assert.ok(ecosystems.includes(ecosystem), `${ecosystem} in ${ecosystems.join(', ')}`);
    for (const update of config.updates) {
      assert.equal(update.schedule.interval, 'weekly', update['package-ecosystem']);
      assert.ok(Object.keys(update.groups ?? {}).length > 0, `${update['package-ecosystem']}: grouped`);
    }
  });

  test('looks where the manifests are: the root lockfile, the image recipe, docker-compose.yml', () => {
    const dirOf = (ecosystem: string) =>
      config.updates.filter((u) => u['package-ecosystem'] === ecosystem).map((u) => u.directory);
    assert.deepEqual(dirOf('npm'), ['/']);
    assert.deepEqual(dirOf('github-actions'), ['/']);
    assert.ok(dirOf('docker').includes('/ops/docker'));
    assert.ok(readdirSync(join(root, 'ops/docker')).some((f) => /dockerfile/i.test(f)));
    if (dirOf('docker-compose').length > 0) assert.deepEqual(dirOf('docker-compose'), ['/']);
  });
});
