import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  ServiceDockerfileTemplate,
  execForm,
  parseDockerfile,
  presentImageTargets,
  renderDockerfile,
  repoRoot,
  type DockerInstruction,
  type ImageTarget,
} from '../src/index.js';

const run = promisify(execFile);
const NODE_BASE = /^node:24(\.[\d.]+)?-(bookworm|trixie)-slim$/;

interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly instructions: DockerInstruction[];
}

/** Stages of a Dockerfile, `FROM ${ARG}` resolved with the ARG defaults declared before the first FROM. */
function stages(text: string): Stage[] {
  const instructions = parseDockerfile(text);
  const globalArgs = new Map<string, string>();
  const result: { base: string; name: string | undefined; instructions: DockerInstruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', , name] = instruction.args.split(/\s+/);
      const base = image.replace(/\$\{?(\w+)\}?/g, (_m, arg: string) => globalArgs.get(arg) ?? '');
      result.push({ base, name, instructions: [] });
    } else if (result.length === 0 && instruction.keyword === 'ARG') {
      const [arg = '', value = ''] = instruction.args.split('=');
      globalArgs.set(arg, value);
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

const last = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

function checkImageRecipe(text: string, target: ImageTarget | undefined): void {
  const all = stages(text);
  assert.ok(all.length >= 2, 'multi-stage: the runtime stage leaves compilers and dev dependencies behind');
  for (const stage of all) {
    const fromStage = all.some((s) => s.name === stage.base);
    assert.ok(
      fromStage || NODE_BASE.test(stage.base),
      `stage ${stage.name}: ${stage.base} is not a Node 24 slim image`,
    );
  }
  const runtime = all.at(-1)!;
  const user = last(runtime, 'USER')?.args ?? 'root';
  assert.match(user, /^[1-9]\d*(:\d+)?$/, `USER ${user}: a numeric non-root uid (Kubernetes can verify runAsNonRoot)`);
  const healthcheck = last(runtime, 'HEALTHCHECK')?.args ?? '';
  const probe = execForm(healthcheck.replace(/^(--\S+\s+)*CMD\s+/, ''));
  assert.ok(probe && probe[0] === 'node', `HEALTHCHECK in exec form with the image's own node: ${healthcheck}`);
  assert.equal(last(runtime, 'STOPSIGNAL')?.args, 'SIGTERM');
  const cmd = execForm(last(runtime, 'CMD')?.args ?? '');
  assert.ok(cmd, 'CMD in exec form (node is PID 1 and receives SIGTERM itself)');
  assert.equal(cmd[0], 'node');
  if (target !== undefined) {
    assert.deepEqual(cmd, ['node', `${target.workspace}/dist/src/main.js`]);
    assert.equal(last(runtime, 'WORKDIR')?.args, '/app');
    // Build arguments as the runtime stage sees them, substituted into its ENV lines.
    const args = new Map<string, string>();
    const env = new Map<string, string>();
    for (const instruction of runtime.instructions) {
      const [key = '', value = ''] = instruction.args.split(/=(.*)/s);
      if (instruction.keyword === 'ARG') args.set(key, value);
      if (instruction.keyword === 'ENV')
        env.set(
          key,
          value.replace(/\$\{(\w+)\}/g, (_m, a: string) => args.get(a) ?? ''),
        );
    }
    assert.equal(env.get('HEALTHCHECK_URL'), `http://127.0.0.1:${target.port}${target.healthPath}`);
    for (const [key, value] of Object.entries(target.env)) assert.equal(env.get(key), value, `ENV ${key}`);
    assert.ok(
      runtime.instructions.some((i) => i.keyword === 'EXPOSE'),
      'EXPOSE the port',
    );
  }
  for (const instruction of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    assert.doesNotMatch(instruction.args, /npm (ci|install)/, 'no npm install in the runtime stage');
  }
  for (const instruction of runtime.instructions.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))) {
    assert.match(
      instruction.args,
      /^ops\/docker\/\S+ /,
      `the runtime stage copies no sources: COPY ${instruction.args}`,
    );
  }
  const prodDeps = all.find((s) => s.instructions.some((i) => /npm (ci|install)\b.*--omit=dev/.test(i.args)));
  assert.ok(prodDeps, 'a stage installs production dependencies only (--omit=dev)');
  assert.ok(
    runtime.instructions.some((i) => i.keyword === 'COPY' && i.args.includes(`--from=${prodDeps.name}`)),
    'the runtime takes its node_modules from that stage',
  );
}

describe('Dockerfiles', () => {
  const template = readFileSync(join(repoRoot, ServiceDockerfileTemplate), 'utf8');

  test('every services/* workspace has an image target and a Dockerfile', () => {
    const workspaces = readdirSync(join(repoRoot, 'services')).filter((d) =>
      existsSync(join(repoRoot, 'services', d, 'package.json')),
    );
    const targets = presentImageTargets(repoRoot).map((t) => t.workspace);
    for (const name of workspaces) {
      assert.ok(targets.includes(`services/${name}`), `services/${name}: add it to ImageTargets (src/images.ts)`);
      assert.ok(existsSync(join(repoRoot, 'services', name, 'Dockerfile')), `services/${name}/Dockerfile`);
    }
  });

  test('ops/docker/service.Dockerfile builds any workspace: node:24 slim stages, non-root, health check, exec CMD', () => {
    checkImageRecipe(template, undefined);
    assert.ok(
      parseDockerfile(template).some((i) => i.keyword === 'ARG' && i.args === 'WORKSPACE'),
      'ARG WORKSPACE',
    );
  });

  for (const target of presentImageTargets(repoRoot)) {
    test(`${target.dockerfile} is the template rendered for ${target.workspace}, with no drift`, () => {
      const actual = readFileSync(join(repoRoot, target.dockerfile), 'utf8');
      assert.equal(actual, renderDockerfile(template, target), 'run: npm run render -w tools/deploy-checks');
    });

    test(`${target.dockerfile} runs node ${target.workspace}/dist/src/main.js as a non-root user, health-checked`, () => {
      checkImageRecipe(readFileSync(join(repoRoot, target.dockerfile), 'utf8'), target);
    });
  }

  test('.dockerignore keeps dependencies, build output, VCS data and secrets out of the build context', () => {
    const patterns = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const required of ['**/node_modules', '**/dist', '.git', '.env', '**/*.tsbuildinfo', '.local-stack']) {
      assert.ok(patterns.includes(required), `.dockerignore: ${required}`);
    }
    assert.ok(!patterns.includes('ops/docker') && patterns.includes('!ops/docker'), 'ops/docker stays in the context');
  });
});

describe('ops/docker/workspace-closure.mjs', () => {
  const script = join(repoRoot, 'ops/docker/workspace-closure.mjs');

  /** A scratch copy of the repository's manifests, as the image's manifests stage has them. */
  function manifests(): string {
    const dir = mkdtempSync(join(tmpdir(), 'closure-'));
    cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
    for (const group of ['libs', 'services', 'tools']) {
      for (const name of readdirSync(join(repoRoot, group))) {
        const manifest = join(repoRoot, group, name, 'package.json');
        if (existsSync(manifest)) cpSync(manifest, join(dir, group, name, 'package.json'));
      }
    }
    return dir;
  }

  test('workspace-closure manifest keeps the workspace and its runtime libraries, never devDependency ones', async () => {
    const dir = manifests();
    try {
      await run(process.execPath, [script, 'manifest', 'services/filter'], { cwd: dir });
      const root = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(root['workspaces'], [
        'libs/config',
        'libs/contracts',
        'libs/kafka',
        'libs/observability',
        'libs/x-rules',
        'services/filter',
      ]);
      assert.equal(root['devDependencies'], undefined, 'the root dev tools are not installed either');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('workspace-closure dist copies package.json and dist/src of each closure member, nothing else', async () => {
    const dir = manifests();
    const out = join(dir, 'out');
    try {
      // Only contracts is "built" here; the closure of contracts is contracts alone.
      cpSync(join(repoRoot, 'libs/contracts/src'), join(dir, 'libs/contracts/dist/src'), { recursive: true });
      cpSync(join(repoRoot, 'libs/contracts/src'), join(dir, 'libs/contracts/dist/test'), { recursive: true });
      await run(process.execPath, [script, 'dist', 'libs/contracts', out], { cwd: dir });
      assert.deepEqual(readdirSync(join(out, 'libs')), ['contracts']);
      assert.deepEqual(readdirSync(join(out, 'libs/contracts')).sort(), ['dist', 'package.json']);
      assert.deepEqual(readdirSync(join(out, 'libs/contracts/dist')), ['src']);
      await assert.rejects(
        run(process.execPath, [script, 'dist', 'libs/config', out], { cwd: dir }),
        /not built|missing/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ops/docker/healthcheck.mjs', () => {
  const script = join(repoRoot, 'ops/docker/healthcheck.mjs');

  test('healthcheck exits 0 on a 2xx answer from HEALTHCHECK_URL and 1 on an error status or no answer', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const probe = (url: string) =>
      run(process.execPath, [script], { env: { ...process.env, HEALTHCHECK_URL: url } }).then(
        () => 0,
        (err: { code?: number }) => err.code ?? -1,
      );
    try {
      assert.equal(await probe(`http://127.0.0.1:${port}/healthz`), 0);
      assert.equal(await probe(`http://127.0.0.1:${port}/readyz`), 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await probe(`http://127.0.0.1:${port}/healthz`), 1, 'nothing listening');
  });
});
