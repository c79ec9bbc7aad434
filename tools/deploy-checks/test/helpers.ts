import { kustomizeBuild, repoRoot, type K8sObject, type Overlay } from '../src/index.js';

const builds = new Map<string, K8sObject[]>();

/** The rendered objects of k8s/overlays/<overlay>, built once per test process. */
export function overlayObjects(overlay: Overlay): K8sObject[] {
  let objects = builds.get(overlay);
  if (objects === undefined) {
    objects = kustomizeBuild(repoRoot, `k8s/overlays/${overlay}`);
    builds.set(overlay, objects);
  }
  return objects;
}

/** The objects of one kind. */
export function ofKind<T = Record<string, unknown>>(objects: readonly K8sObject[], kind: string): (K8sObject & T)[] {
  return objects.filter((o) => o.kind === kind) as (K8sObject & T)[];
}

/** The ops port of a pipeline service container (named `metrics`), if it has one. */
export function metricsPort(container: {
  ports?: { name?: string; containerPort: number }[];
}): { name?: string; containerPort: number } | undefined {
  return container.ports?.find((port) => port.name === 'metrics');
}

/** host:port pairs of a comma-separated broker list. */
export function brokerPorts(brokers: string): number[] {
  return brokers.split(',').map((broker) => Number(broker.trim().split(':').pop()));
}
