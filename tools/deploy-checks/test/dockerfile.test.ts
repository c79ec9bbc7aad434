import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, test } from 'vitest';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  DefaultHealthPath,
  ImageTargets,
  ServiceDockerfile,
  declaredArgs,
  dockerStages,
  execForm,
  imageBuildArgs,
  imageConfig,
  parseDockerfile,
  presentImageTargets,
  repoRoot,
  type DockerStage,
} from '../src/index.js';

const run = promisify(execFile);
const NODE_BASE = /^node:24(\.[\d.]+)?-(bookworm|trixie)-slim$/;

const last = (stage: DockerStage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

/** The properties every image built from the recipe has, whatever its build arguments. */
function checkImageRecipe(text: string): void {
  const all = dockerStages(text);
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
  assert.ok(
    runtime.instructions.some((i) => i.keyword === 'EXPOSE'),
    'EXPOSE the port',
  );
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

/** Files named Dockerfile or *.Dockerfile under `dir` (dependencies, build output and VCS data skipped). */
function dockerfiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory())
      return ['node_modules', 'dist', '.git', '.local-stack'].includes(entry.name) ? [] : dockerfiles(dir, path);
    return /(^|\.)Dockerfile$/i.test(entry.name) ? [path] : [];
  });
}

describe('Dockerfiles', () => {
  const recipe = readFileSync(join(repoRoot, ServiceDockerfile), 'utf8');

  test('every deployable services/<name> workspace (has src/main.ts) has an ImageTarget', () => {
    const deployable = readdirSync(join(repoRoot, 'services')).filter((d) =>
      existsSync(join(repoRoot, 'services', d, 'src/main.ts')),
    );
    assert.ok(deployable.length >= 4, `deployable services: ${deployable.join(' ')}`);
    const targets = ImageTargets.map((t) => t.workspace);
    for (const name of deployable) {
      assert.ok(targets.includes(`services/${name}`), `services/${name}: add it to ImageTargets (src/images.ts)`);
    }
    assert.equal(new Set(ImageTargets.map((t) => t.name)).size, ImageTargets.length, 'image names are unique');
  });

  test(`${ServiceDockerfile} is the only Dockerfile: every image is built from it with build arguments`, () => {
    assert.deepEqual(dockerfiles(repoRoot), [ServiceDockerfile]);
  });

  test(`${ServiceDockerfile} builds any workspace: node:24 slim stages, non-root, health check, exec CMD`, () => {
    checkImageRecipe(recipe);
    const required = parseDockerfile(recipe).filter((i) => i.keyword === 'ARG' && i.args === 'WORKSPACE');
    assert.ok(required.length > 0, 'ARG WORKSPACE, without a default');
    assert.ok(
      parseDockerfile(recipe).some((i) => i.keyword === 'RUN' && i.args.includes('test -n "${WORKSPACE}"')),
      'a build without --build-arg WORKSPACE fails at once',
    );
    assert.ok(
      parseDockerfile(recipe).some((i) => i.keyword === 'ARG' && i.args === `HEALTH_PATH=${DefaultHealthPath}`),
    );
  });

  for (const target of presentImageTargets(repoRoot)) {
    const buildArgs = imageBuildArgs(target);
    const flags = Object.entries(buildArgs)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');

    test(`${target.name} (${flags}): runs node ${target.workspace}/dist/src/main.js as a non-root user, health-checked`, () => {
      const declared = declaredArgs(recipe);
      for (const arg of Object.keys(buildArgs)) assert.ok(declared.has(arg), `the recipe declares ARG ${arg}`);
      const image = imageConfig(recipe, buildArgs);
      assert.equal(image.workdir, `/app/${target.workspace}`);
      assert.ok(image.cmd, 'CMD in exec form');
      assert.equal(image.cmd[0], 'node');
      assert.equal(
        posix.resolve(image.workdir, image.cmd[1] ?? ''),
        `/app/${target.workspace}/dist/src/main.js`,
        'the CMD runs the workspace entry point',
      );
      assert.match(image.user ?? 'root', /^[1-9]\d*(:\d+)?$/, 'a numeric non-root USER');
      assert.ok(image.healthcheck?.includes('healthcheck.mjs'), 'HEALTHCHECK with ops/docker/healthcheck.mjs');
      assert.equal(image.env['HEALTHCHECK_URL'], `http://127.0.0.1:${target.port}${target.healthPath}`);
      assert.deepEqual(image.exposed, [String(target.port)], `EXPOSE ${target.port}`);
      assert.equal(image.env['NODE_ENV'], 'production');
      for (const [key, value] of Object.entries(target.env)) assert.equal(image.env[key], value, `ENV ${key}`);
    });

    test(`${target.workspace} has a package.json whose bin/main is the dist/src/main.js the recipe's CMD runs`, () => {
      const manifest = JSON.parse(readFileSync(join(repoRoot, target.workspace, 'package.json'), 'utf8')) as {
        main?: string;
        bin?: string | Record<string, string>;
      };
      const cmd = imageConfig(recipe, buildArgs).cmd ?? [];
      const entry = posix.relative(`/app/${target.workspace}`, posix.resolve(`/app/${target.workspace}`, cmd[1] ?? ''));
      const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
      const entries = [...bins, manifest.main ?? ''].map((p) => posix.normalize(p));
      assert.ok(entries.includes(entry), `${target.workspace}/package.json: bin or main ${entry} (has ${entries})`);
      assert.ok(existsSync(join(repoRoot, target.workspace, 'src/main.ts')), `${target.workspace}/src/main.ts`);
      const tsconfig = JSON.parse(readFileSync(join(repoRoot, target.workspace, 'tsconfig.json'), 'utf8')) as {
        compilerOptions?: { rootDir?: string; outDir?: string };
      };
      const { rootDir, outDir } = tsconfig.compilerOptions ?? {};
      assert.equal(posix.join(outDir ?? '', posix.relative(rootDir ?? '.', 'src/main.js')), entry, 'tsc emits it');
    });
  }

  test('ops/ci/build-image.sh builds every ImageTarget from the recipe with the same build arguments', () => {
    const script = join(repoRoot, 'ops/ci/build-image.sh');
    for (const target of ImageTargets) {
      const command = execFileSync('bash', [script, target.name, 'registry.example/acme', 'abc123'], {
        encoding: 'utf8',
        env: { ...process.env, DRY_RUN: '1' },
      })
        .trimEnd()
        .split('\n');
      assert.deepEqual(command.slice(0, 3), ['docker', 'buildx', 'build'], target.name);
      const option = (name: string) => command.flatMap((arg, i) => (command[i - 1] === name ? [arg] : []));
      assert.deepEqual(option('--file'), [join(repoRoot, ServiceDockerfile)], `${target.name}: --file`);
      assert.deepEqual(option('--tag'), [`registry.example/acme/tweet-pipeline-${target.name}:abc123`]);
      assert.deepEqual(
        Object.fromEntries(option('--build-arg').map((arg) => arg.split(/=(.*)/s).slice(0, 2))),
        imageBuildArgs(target),
        `${target.name}: --build-arg`,
      );
      assert.equal(posix.resolve(command.at(-1)!), posix.resolve(repoRoot), 'the repository root is the context');
    }
    assert.throws(
      () => execFileSync('bash', [script, 'nope', 'r', 't'], { env: { ...process.env, DRY_RUN: '1' }, stdio: 'pipe' }),
      /no image named nope/,
    );
  });

  test('the CD workflow builds exactly the ImageTargets', () => {
    const cd = parse(readFileSync(join(repoRoot, '.github/workflows/cd.yml'), 'utf8')) as {
      jobs: {
        images: { strategy: { matrix: { image: string[] } }; steps: { run?: string; env?: Record<string, string> }[] };
      };
    };
    const matrix = cd.jobs.images.strategy.matrix.image;
    assert.deepEqual([...matrix].sort(), ImageTargets.map((t) => t.name).sort());
    // The matrix value reaches the script through env:, not as an expression inside run:.
    assert.ok(
      cd.jobs.images.steps.some(
        (step) => step.run?.includes('ops/ci/build-image.sh "$IMAGE"') && step.env?.['IMAGE'] === '${{ matrix.image }}',
      ),
    );
  });

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
