import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The one Dockerfile of the repository: every image is built from it with its build arguments. */
export const ServiceDockerfile = 'ops/docker/service.Dockerfile';

/** The recipe's default of HEALTH_PATH; a target with another health path passes it as a build argument. */
export const DefaultHealthPath = '/healthz';

/** One image built from ops/docker/service.Dockerfile. */
export interface ImageTarget {
  /** Image name `tweet-pipeline/<name>`, as ops/ci/build-image.sh and the manifests spell it. */
  readonly name: string;
  /** The workspace the image runs (build argument WORKSPACE; `node dist/src/main.js` from /app/<workspace>). */
  readonly workspace: string;
  /** The port the health check asks (build argument PORT; the ops port for services). */
  readonly port: number;
  /** The path the health check asks (build argument HEALTH_PATH when not /healthz). */
  readonly healthPath: string;
  /** Environment the image must have (paths and addresses that only make sense in a container). */
  readonly env: Readonly<Record<string, string>>;
}

const service = (name: string, port: number, env: Record<string, string> = {}): ImageTarget => ({
  name,
  workspace: `services/${name}`,
  port,
  healthPath: DefaultHealthPath,
  env,
});

/**
 * Every deployable of the monorepo and its ops port (docs/architecture.md: producer 9101,
 * filter 9102, sink 9103, further consumers 9104+). A new service gets a line here; the
 * Dockerfile test fails for a services/<name> workspace with a src/main.ts that has none.
 */
export const ImageTargets: readonly ImageTarget[] = [
  service('producer', 9101, { PRODUCER_SPOOL_PATH: '/var/lib/tweet-pipeline/spool/producer.db' }),
  service('filter', 9102),
  service('sink', 9103),
  service('trends', 9104),
  {
    name: 'x-api-emulator',
    workspace: 'tools/x-api-emulator',
    port: 8787,
    // The emulator has no ops endpoints; its control plane answers without a token.
    healthPath: '/_emulator/state',
    // 127.0.0.1 (its default) is unreachable from outside a container.
    env: { X_EMULATOR_HOST: '0.0.0.0', X_EMULATOR_PORT: '8787' },
  },
];

/**
 * The build arguments of one image, as docker-compose.yml and ops/ci/build-image.sh pass them:
 * `docker build -f ops/docker/service.Dockerfile --build-arg WORKSPACE=… --build-arg PORT=… .`
 */
export function imageBuildArgs(target: ImageTarget): Record<string, string> {
  const args: Record<string, string> = { WORKSPACE: target.workspace, PORT: String(target.port) };
  if (target.healthPath !== DefaultHealthPath) args['HEALTH_PATH'] = target.healthPath;
  return args;
}

/** The targets whose workspace exists in this checkout (services are added over time). */
export function presentImageTargets(root: string): ImageTarget[] {
  return ImageTargets.filter((target) => existsSync(join(root, target.workspace, 'package.json')));
}
