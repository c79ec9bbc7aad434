import type { K8sObject } from './kustomize.js';

/** The parts of a pod spec the checks read (the schemas are validated separately). */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: { readonly name?: string; readonly containerPort: number }[];
  readonly env?: {
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: Record<string, unknown>;
  }[];
  readonly envFrom?: {
    readonly configMapRef?: { readonly name: string };
    readonly secretRef?: { readonly name: string };
  }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: { readonly name: string; readonly mountPath: string }[];
}

export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: string | number };
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly drop?: string[]; readonly add?: string[] };
  readonly seccompProfile?: { readonly type: string };
}

export interface PodSpec {
  readonly containers: Container[];
  readonly initContainers?: Container[];
  readonly securityContext?: SecurityContext & { readonly fsGroup?: number };
  readonly terminationGracePeriodSeconds?: number;
  readonly enableServiceLinks?: boolean;
  readonly automountServiceAccountToken?: boolean;
  readonly volumes?: {
    readonly name: string;
    readonly secret?: { readonly secretName: string };
    readonly emptyDir?: object;
  }[];
}

/** A Deployment or StatefulSet with its pod template. */
export interface Workload {
  readonly object: K8sObject;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  readonly replicas: number | undefined;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly pod: PodSpec;
}

interface WorkloadSpec {
  replicas?: number;
  template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
}

/** The Deployments and StatefulSets among the objects. */
export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((o) => o.apiVersion === 'apps/v1' && (o.kind === 'Deployment' || o.kind === 'StatefulSet'))
    .map((object) => {
      const spec = object['spec'] as WorkloadSpec;
      return {
        object,
        kind: object.kind as Workload['kind'],
        name: object.metadata.name,
        replicas: spec.replicas,
        podLabels: spec.template.metadata?.labels ?? {},
        pod: spec.template.spec,
      };
    });
}

/** An environment variable as the container will see it: a literal, or where it comes from. */
export type EnvValue = { readonly value: string } | { readonly valueFrom: Record<string, unknown> };

/**
 * A container's environment: the ConfigMaps of envFrom (looked up among the rendered objects,
 * hashed names included), then env, which wins. Secrets named in envFrom are refused: secrets
 * are mounted as files or referenced one key at a time.
 *
 * @throws Error when envFrom names a ConfigMap that is not rendered, or a Secret.
 */
export function containerEnv(objects: readonly K8sObject[], container: Container): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const source of container.envFrom ?? []) {
    if (source.secretRef !== undefined)
      throw new Error(`${container.name}: envFrom a Secret (${source.secretRef.name})`);
    const name = source.configMapRef?.name;
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (configMap === undefined)
      throw new Error(`${container.name}: envFrom ConfigMap ${String(name)} is not rendered`);
    for (const [key, value] of Object.entries((configMap['data'] ?? {}) as Record<string, string>)) {
      env.set(key, { value });
    }
  }
  for (const variable of container.env ?? []) {
    env.set(
      variable.name,
      variable.valueFrom !== undefined ? { valueFrom: variable.valueFrom } : { value: variable.value ?? '' },
    );
  }
  return env;
}

/** The literal value of a variable, or undefined when it is unset or comes from elsewhere. */
export function literal(env: ReadonlyMap<string, EnvValue>, name: string): string | undefined {
  const entry = env.get(name);
  return entry !== undefined && 'value' in entry ? entry.value : undefined;
}

/** Does a label selector's matchLabels / matchExpressions (In) select these labels? */
export function selects(
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  },
  labels: Readonly<Record<string, string>>,
): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && (expression.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(expression.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** Parses a Kubernetes quantity ("2Gi", "512Mi", "1G", "1073741824") into bytes. */
export function quantityBytes(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (match === null) throw new Error(`not a storage quantity: ${quantity}`);
  const factors: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] === undefined ? 1 : factors[match[2]]!);
}
