import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, test } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import {
  ImageTargets,
  ServiceDockerfile,
  dashboardFiles,
  imageBuildArgs,
  presentImageTargets,
  repoRoot,
} from '../src/index.js';

interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, string | number | boolean | null> | string[];
}
interface ComposeService {
  image?: string;
  command?: string | string[];
  build?: ComposeBuild | string;
  ports?: (string | { target: number; published?: string | number })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
  read_only?: boolean;
  tmpfs?: string | string[];
  stop_grace_period?: string;
}
interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (<<) before validating; so does this parse.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);

/** A service's build section in its long form (`build: .` is a context alone). */
const buildOf = (service: ComposeService): ComposeBuild | undefined =>
  typeof service.build === 'string' ? { context: service.build } : service.build;

/** Build args as the builder receives them (a `KEY=value` list or a map; null values dropped). */
function buildArgs(build: ComposeBuild | undefined): Record<string, string> {
  const args = build?.args ?? {};
  const entries = Array.isArray(args)
    ? args.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string | undefined])
    : Object.entries(args).map(([k, v]) => [k, v === null ? undefined : String(v)] as [string, string | undefined]);
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
}

/** `${NAME:-default}` and friends as Compose interpolates them with none of the variables set. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
    (_m, _name: string, fallback?: string) => fallback ?? '',
  );
}

function environment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)] as [string, string]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v ?? '')]));
}

function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']));
}

/** [source, target] of every volume entry; bind-mount sources start with . or /. */
function mounts(service: ComposeService): [string, string][] {
  return (service.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return [v.source ?? '', v.target];
    const [source = '', target = ''] = v.split(':');
    return [source, target];
  });
}

function publishedPorts(service: ComposeService): { host: number; container: number }[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p !== 'string') return { host: Number(p.published ?? p.target), container: p.target };
    const parts = p.split(':');
    return { host: Number(parts.at(-2) ?? parts.at(-1)), container: Number(parts.at(-1)) };
  });
}

/** The value of `--flag=value` or `--flag value` in a service's command, if it sets the flag. */
function commandFlag(service: ComposeService, flag: string): string | undefined {
  const args = typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) return args[i + 1];
  }
  return undefined;
}

/**
 * Where each third-party image writes what must outlive its container, given the service's settings:
 * the image's own documented default unless the service sets the image's own variable or flag.
 */
const imageDataDirs: Record<string, (service: ComposeService) => string[]> = {
  // Configured from KAFKA_* variables alone, the image's KafkaDockerWrapper writes server.properties
  // from them only (docker/examples/README.md: "default configs will be replaced"), so without
  // KAFKA_LOG_DIRS the broker falls back to Kafka's log.dir default, /tmp/kafka-logs, not the
  // /var/lib/kafka/data its Dockerfile declares as a VOLUME.
  'apache/kafka': (s) =>
    (environment(s)['KAFKA_LOG_DIRS'] ?? environment(s)['KAFKA_LOG_DIR'] ?? '/tmp/kafka-logs').split(','),
  // docker-entrypoint.sh: --dbpath, else /data/db.
  mongo: (s) => [commandFlag(s, '--dbpath') ?? '/data/db'],
  // The image's CMD passes --storage.tsdb.path=/prometheus (its WORKDIR and VOLUME, so a command of
  // our own without the flag still writes below it, in data/).
  'prom/prometheus': (s) => [commandFlag(s, '--storage.tsdb.path') ?? '/prometheus'],
  // GF_PATHS_DATA, /var/lib/grafana in the image (database, plugins, sessions).
  'grafana/grafana': (s) => [environment(s)['GF_PATHS_DATA'] ?? '/var/lib/grafana'],
};

/** The repository part of an image reference (`apache/kafka:4.1.0` → `apache/kafka`). */
const imageRepository = (image: string) => image.replace(/@.*$/, '').replace(/:[^/]*$/, '');

/** The directories a service writes that must survive its re-creation. */
function dataDirs(service: ComposeService): string[] {
  const ofImage = imageDataDirs[imageRepository(service.image ?? '')];
  if (ofImage) return ofImage(service);
  // The producer's spool: what Kafka has not acknowledged yet.
  const spool = environment(service)['PRODUCER_SPOOL_PATH'];
  return spool ? [posix.dirname(spool)] : [];
}

const healthchecked = (service: ComposeService) =>
  service.healthcheck !== undefined &&
  service.healthcheck.disable !== true &&
  !(Array.isArray(service.healthcheck.test) && service.healthcheck.test[0] === 'NONE');

const seconds = (duration: string) => {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  assert.ok(match, `duration ${duration}`);
  return Number(match[1]) / (match[2] === 'ms' ? 1000 : match[2] === 'm' ? 1 / 60 : 1);
};

describe('docker-compose.yml', () => {
  test('validates against the Compose Specification schema', () => {
    const schema = JSON.parse(
      readFileSync(join(repoRoot, 'tools/deploy-checks/schemas/compose-spec.json'), 'utf8'),
    ) as {
      $schema?: string;
    };
    // It names draft-07 by its https URL, which Ajv (draft-07 by default) does not register.
    delete schema.$schema;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const ok = validate(compose);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    assert.equal(compose.name, 'tweet-pipeline');
    // The build sections come from the x-image-build extension field by a merge key; the merged
    // sections were validated above, the extension field is what they share.
    const shared = (parse(composeText) as Record<string, unknown>)['x-image-build'];
    assert.deepEqual(shared, { context: '.', dockerfile: ServiceDockerfile }, 'x-image-build');
  });

  test('healthchecks every long-running service; only one-shots go without', () => {
    const oneShots = new Set(
      services.flatMap(([, s]) =>
        Object.entries(dependsOn(s))
          .filter(([, condition]) => condition === 'service_completed_successfully')
          .map(([name]) => name),
      ),
    );
    for (const [name, service] of services) {
      if (oneShots.has(name)) {
        assert.ok(service.restart === undefined || service.restart === 'no', `${name}: a one-shot does not restart`);
      } else {
        assert.ok(healthchecked(service), `${name}: a healthcheck`);
      }
    }
  });

  test('makes every depends_on target exist and be waited for until healthy or completed', () => {
    for (const [name, service] of services) {
      for (const [target, condition] of Object.entries(dependsOn(service))) {
        assert.ok(compose.services[target], `${name} depends on ${target}, which is not a service`);
        assert.ok(
          condition === 'service_healthy' || condition === 'service_completed_successfully',
          `${name} → ${target}: waits for health, not just a start (${condition})`,
        );
        if (condition === 'service_healthy')
          assert.ok(healthchecked(compose.services[target]!), `${target}: healthcheck`);
      }
    }
  });

  test(`builds each project image from the repository root with ${ServiceDockerfile} and its ImageTarget's build args, ops ports published`, () => {
    assert.ok(existsSync(join(repoRoot, ServiceDockerfile)), `${ServiceDockerfile} exists`);
    const targets = presentImageTargets(repoRoot);
    for (const target of targets) {
      const service = compose.services[target.name];
      assert.ok(service, `a service ${target.name}`);
      assert.match(service.image ?? '', new RegExp(`^tweet-pipeline/${target.name}:`), `${target.name}: image name`);
      const build = buildOf(service);
      assert.equal(build?.context, '.', `${target.name}: the repository root is the build context`);
      assert.equal(build?.dockerfile, ServiceDockerfile, `${target.name}: built from the one recipe`);
      assert.deepEqual(buildArgs(build), imageBuildArgs(target), `${target.name}: build args`);
      assert.ok(
        publishedPorts(service).some((p) => p.host === target.port && p.container === target.port),
        `${target.name}: port ${target.port} published`,
      );
    }
    for (const [name] of services.filter(([, s]) => s.build !== undefined)) {
      assert.ok(
        ImageTargets.some((t) => t.name === name),
        `${name}: builds an image that is no ImageTarget (src/images.ts)`,
      );
    }
    for (const port of [9101, 9102, 9103]) {
      assert.ok(
        services.some(([, s]) => publishedPorts(s).some((p) => p.host === port)),
        `ops port ${port} is published`,
      );
    }
  });

  test('mounts only files and directories that exist, and declares every named volume', () => {
    for (const [name, service] of services) {
      for (const [source, target] of mounts(service)) {
        assert.ok(target.startsWith('/'), `${name}: ${target} is an absolute container path`);
        if (source.startsWith('.') || source.startsWith('/')) {
          assert.ok(existsSync(join(repoRoot, source)), `${name}: ${source} is missing from the repository`);
        } else {
          assert.ok(compose.volumes && source in compose.volumes, `${name}: volume ${source} is declared`);
        }
      }
    }
  });

  test('mounts a named volume exactly where each image writes its data, and nowhere else', () => {
    for (const [name, service] of services.filter(([, s]) => s.build === undefined)) {
      assert.ok(
        imageDataDirs[imageRepository(service.image ?? '')],
        `${name}: where does ${service.image} write its data? (imageDataDirs)`,
      );
    }
    for (const [name, service] of services) {
      const named = mounts(service)
        .filter(([source]) => !(source.startsWith('.') || source.startsWith('/')))
        .map(([, target]) => target);
      assert.deepEqual(named.sort(), dataDirs(service).sort(), `${name}: named volumes at its data directories`);
    }
  });

  test('logs Kafka to its named volume, formatted with a fixed cluster id', () => {
    const kafka = compose.services['kafka']!;
    const env = environment(kafka);
    assert.equal(
      env['KAFKA_LOG_DIRS'],
      '/var/lib/kafka/data',
      'log.dirs is the directory the image declares as a VOLUME',
    );
    assert.match(env['CLUSTER_ID'] ?? '', /^[A-Za-z0-9_-]{22}$/, 'CLUSTER_ID: a base64url UUID');
  });

  test('runs the pipeline services read-only, with /tmp and a stop grace longer than SHUTDOWN_GRACE_MS', () => {
    for (const target of presentImageTargets(repoRoot).filter((t) => t.workspace.startsWith('services/'))) {
      const service = compose.services[target.name]!;
      assert.equal(service.read_only, true, `${target.name}: read_only`);
      assert.ok([service.tmpfs].flat().includes('/tmp'), `${target.name}: tmpfs /tmp`);
      const graceMs = Number(environment(service)['SHUTDOWN_GRACE_MS'] ?? 20_000);
      assert.ok(seconds(service.stop_grace_period ?? '10s') * 1000 > graceMs, `${target.name}: stop_grace_period`);
    }
  });

  test('keeps the producer spool on a named volume and feeds the producer from the X API emulator and synthetic', () => {
    const producer = compose.services['producer']!;
    const env = environment(producer);
    const spoolDir = posix.dirname(env['PRODUCER_SPOOL_PATH'] ?? '');
    const spool = mounts(producer).find(([, target]) => target === spoolDir);
    assert.ok(spool && compose.volumes && spool[0] in compose.volumes, `a named volume at ${spoolDir}`);
    assert.equal(env['PRODUCER_SOURCES'], 'x-filtered-stream,synthetic');
    const url = new URL(env['X_API_BASE_URL'] ?? '');
    const emulator = compose.services[url.hostname];
    assert.ok(emulator, `X_API_BASE_URL names the service ${url.hostname}`);
    assert.ok(
      publishedPorts(emulator).some((p) => p.container === Number(url.port)),
      'on its port',
    );
    assert.equal(env['X_BEARER_TOKEN'], environment(emulator)['X_EMULATOR_BEARER_TOKEN'], 'the token it accepts');
    assert.equal(dependsOn(producer)[url.hostname], 'service_healthy');
  });

  test('connects the services to Kafka through a listener the broker advertises', () => {
    const advertised = environment(compose.services['kafka']!)['KAFKA_ADVERTISED_LISTENERS'] ?? '';
    const addresses = advertised.split(',').map((l) => l.replace(/^[A-Z_]+:\/\//, ''));
    for (const target of presentImageTargets(repoRoot).filter((t) => t.workspace.startsWith('services/'))) {
      const brokers = environment(compose.services[target.name]!)['KAFKA_BROKERS'] ?? '';
      for (const broker of brokers.split(',')) {
        assert.ok(addresses.includes(broker), `${target.name}: ${broker} is advertised (${advertised})`);
      }
      assert.equal(
        dependsOn(compose.services[target.name]!)['kafka'],
        'service_healthy',
        `${target.name} waits for Kafka`,
      );
    }
  });

  test('gives Prometheus ops/prometheus/prometheus.yml and its rule files, scraping services by name and ops port', () => {
    const prometheus = compose.services['prometheus']!;
    const mounted = new Map(mounts(prometheus).map(([source, target]) => [target, source]));
    const configSource = mounted.get('/etc/prometheus/prometheus.yml');
    assert.equal(configSource, './ops/prometheus/prometheus.yml');
    assert.equal(mounted.get('/etc/prometheus/alerts.yml'), './ops/prometheus/alerts.yml');
    const config = parse(readFileSync(join(repoRoot, configSource), 'utf8')) as {
      rule_files?: string[];
      scrape_configs?: { job_name: string; static_configs?: { targets: string[] }[] }[];
    };
    for (const ruleFile of config.rule_files ?? []) {
      const inContainer = posix.resolve('/etc/prometheus', ruleFile);
      assert.ok(mounted.has(inContainer), `rule file ${ruleFile} is mounted at ${inContainer}`);
    }
    for (const job of config.scrape_configs ?? []) {
      for (const address of job.static_configs?.flatMap((s) => s.targets) ?? []) {
        const [host = '', port] = address.split(':');
        if (host === 'localhost' || host === '127.0.0.1') continue;
        const service = compose.services[host];
        assert.ok(service, `job ${job.job_name}: ${host} is a compose service`);
        const target = presentImageTargets(repoRoot).find((t) => t.name === host);
        assert.equal(Number(port), target?.port, `job ${job.job_name}: ${address} is the ops port`);
      }
    }
  });

  test('provisions Grafana from ops/grafana and mounts the dashboards where the provider reads them', () => {
    const grafana = compose.services['grafana']!;
    const mounted = new Map(mounts(grafana).map(([source, target]) => [target, source]));
    const provisioning = mounted.get('/etc/grafana/provisioning');
    assert.equal(provisioning, './ops/grafana/provisioning');
    const providers = parse(readFileSync(join(repoRoot, provisioning, 'dashboards/dashboards.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    for (const provider of providers.providers) {
      const source = mounted.get(provider.options.path);
      assert.equal(source, './ops/grafana/dashboards', `the provider path ${provider.options.path} is mounted`);
    }
    const datasources = parse(readFileSync(join(repoRoot, provisioning, 'datasources/prometheus.yml'), 'utf8')) as {
      datasources: { url: string }[];
    };
    for (const datasource of datasources.datasources) {
      const host = new URL(datasource.url).hostname;
      assert.ok(compose.services[host], `datasource ${datasource.url} is a compose service`);
    }
    assert.ok(dashboardFiles(repoRoot).length > 0, 'dashboards to provision');
  });
});
