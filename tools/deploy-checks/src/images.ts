import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One image built from ops/docker/service.Dockerfile. */
export interface ImageTarget {
  /** Image name `tweet-pipeline/<name>`, as ops/ci/build-image.sh and the manifests spell it. */
  readonly name: string;
  /** The workspace the image runs (`node <workspace>/dist/src/main.js`). */
  readonly workspace: string;
  /** The port /healthz is served on (the ops port for services). */
  readonly port: number;
  readonly healthPath: string;
  /** Where the rendered Dockerfile lives, relative to the repository root. */
  readonly dockerfile: string;
  /** Environment baked into the image (paths and addresses that only make sense in a container). */
  readonly env: Readonly<Record<string, string>>;
}

const service = (name: string, port: number, env: Record<string, string> = {}): ImageTarget => ({
  name,
  workspace: `services/${name}`,
  port,
  healthPath: '/healthz',
  dockerfile: `services/${name}/Dockerfile`,
  env,
});

/**
 * Every deployable of the monorepo and its ops port (docs/architecture.md: producer 9101,
 * filter 9102, sink 9103, further consumers 9104+). A new service gets a line here; the
 * Dockerfile test fails for a services/<name> workspace that has none.
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
    dockerfile: 'ops/docker/x-api-emulator.Dockerfile',
    // 127.0.0.1 (its default) is unreachable from outside a container.
    env: { X_EMULATOR_HOST: '0.0.0.0', X_EMULATOR_PORT: '8787' },
  },
];

/** The targets whose workspace exists in this checkout (services are added over time). */
export function presentImageTargets(root: string): ImageTarget[] {
  return ImageTargets.filter((target) => existsSync(join(root, target.workspace, 'package.json')));
}
