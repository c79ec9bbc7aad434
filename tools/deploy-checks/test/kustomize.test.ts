import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'vitest';
import {
  AlertRulesFile,
  DashboardsDir,
  ImageTargets,
  Overlays,
  containerEnv,
  dashboardFiles,
  literal,
  quantityBytes,
  repoRoot,
  ruleGroups,
  selects,
  validateObject,
  workloads,
  type K8sObject,
  type Workload,
} from '../src/index.js';
import { brokerPorts, metricsPort, ofKind, overlayObjects } from './helpers.js';

type Selector = Parameters<typeof selects>[0];
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
}
interface NetworkPolicySpec {
  podSelector: Selector;
  policyTypes?: string[];
  ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
  egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
}
interface ScaledObjectSpec {
  scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
  minReplicaCount?: number;
  maxReplicaCount?: number;
  triggers: { type: string; metadata: Record<string, string> }[];
}
interface PdbSpec {
  selector: Selector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
const SECRET_NAME = /TOKEN|PASSWORD|SECRET|CREDENTIAL|MONGODB_URI|_KEY$/;

const policies = (objects: readonly K8sObject[]) =>
  ofKind<{ spec: NetworkPolicySpec }>(objects, 'NetworkPolicy').map((p) => ({ name: p.metadata.name, ...p.spec }));

/** Egress rules that apply to a pod; undefined when no policy restricts its egress (all allowed). */
function egressRules(objects: readonly K8sObject[], labels: Readonly<Record<string, string>>) {
  const applying = policies(objects).filter(
    (p) => (p.policyTypes ?? []).includes('Egress') && selects(p.podSelector, labels),
  );
  return applying.length === 0 ? undefined : applying.flatMap((p) => p.egress ?? []);
}

function egressAllows(
  rules: ReturnType<typeof egressRules>,
  port: number,
  protocol = 'TCP',
  to?: Readonly<Record<string, string>>,
): boolean {
  if (rules === undefined) return true;
  return rules.some((rule) => {
    const peerOk =
      rule.to === undefined ||
      rule.to.length === 0 ||
      (to !== undefined && rule.to.some((peer) => peer.podSelector !== undefined && selects(peer.podSelector, to)));
    const portOk =
      rule.ports === undefined ||
      rule.ports.some(
        (p) =>
          (p.protocol ?? 'TCP') === protocol &&
          typeof p.port === 'number' &&
          port >= p.port &&
          port <= (p.endPort ?? p.port),
      );
    return peerOk && portOk;
  });
}

function targetOf(objects: readonly K8sObject[], spec: ScaledObjectSpec): Workload | undefined {
  return workloads(objects).find(
    (w) => w.name === spec.scaleTargetRef.name && w.kind === (spec.scaleTargetRef.kind ?? 'Deployment'),
  );
}

function shutdownGraceMs(objects: readonly K8sObject[], workload: Workload): number {
  return Math.max(
    ...workload.pod.containers.map((c) =>
      Number(literal(containerEnv(objects, c), 'SHUTDOWN_GRACE_MS') ?? DEFAULT_SHUTDOWN_GRACE_MS),
    ),
  );
}

for (const overlay of Overlays) {
  describe(`k8s/overlays/${overlay}`, () => {
    const objects = () => overlayObjects(overlay);

    test('builds with kubectl kustomize into the workloads of the pipeline', () => {
      const names = workloads(objects()).map((w) => `${w.kind}/${w.name}`);
      for (const expected of ['StatefulSet/producer', 'StatefulSet/filter', 'Deployment/sink']) {
        assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
      }
    });

    test('validates every object against its Kubernetes or CRD schema, refusing unknown kinds', () => {
      for (const object of objects()) validateObject(object);
    });

    test('puts every object in one namespace, with the part-of label ops/ci/deploy.sh selects on', () => {
      const namespaces = ofKind(objects(), 'Namespace').map((n) => n.metadata.name);
      assert.equal(namespaces.length, 1, 'the overlay creates its namespace');
      for (const object of objects().filter((o) => o.kind !== 'Namespace')) {
        assert.equal(object.metadata.namespace, namespaces[0], `${object.kind}/${object.metadata.name}`);
      }
      for (const workload of workloads(objects())) {
        assert.equal(workload.object.metadata.labels?.['app.kubernetes.io/part-of'], 'tweet-pipeline', workload.name);
        assert.equal(workload.podLabels['app.kubernetes.io/part-of'], 'tweet-pipeline', workload.name);
      }
    });

    test('pins every image to a tag under the tweet-pipeline/<name> name that deploy.sh rewrites', () => {
      const known = new Set(ImageTargets.map((t) => `tweet-pipeline/${t.name}`));
      for (const workload of workloads(objects())) {
        for (const container of workload.pod.containers) {
          const match = /^(.+):([^:/]+)$/.exec(container.image ?? '');
          assert.ok(match, `${workload.name}/${container.name}: image ${container.image} has no tag`);
          assert.ok(known.has(match[1]!), `${workload.name}: ${match[1]} is not a tweet-pipeline image`);
          assert.notEqual(match[2], 'latest', `${workload.name}: an explicit tag, not latest`);
        }
      }
    });

    test('probes every container: liveness and startup on /healthz, readiness on /readyz, on the ops port', () => {
      for (const workload of workloads(objects())) {
        for (const container of workload.pod.containers) {
          const where = `${workload.name}/${container.name}`;
          const live = container.livenessProbe?.httpGet;
          const ready = container.readinessProbe?.httpGet;
          assert.ok(live && ready, `${where}: liveness and readiness probes over HTTP`);
          const declared = (container.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
          assert.ok(declared.includes(live.port) && declared.includes(ready.port), `${where}: probes a declared port`);
          const ops = metricsPort(container);
          if (ops === undefined) continue; // the X API emulator: no ops endpoints
          assert.equal(live.path, '/healthz', where);
          assert.equal(ready.path, '/readyz', where);
          assert.ok([ops.name, ops.containerPort].includes(live.port), `${where}: liveness on the metrics port`);
          assert.ok([ops.name, ops.containerPort].includes(ready.port), `${where}: readiness on the metrics port`);
          const startup = container.startupProbe?.httpGet;
          assert.ok(startup?.path === '/healthz', `${where}: a startup probe covers the wait for Kafka`);
          const target = ImageTargets.find((t) => t.name === container.name);
          assert.equal(ops.containerPort, target?.port, `${where}: the service's documented ops port`);
          const portVariable = `${container.name.toUpperCase()}_PORT`;
          const configured = literal(containerEnv(objects(), container), portVariable);
          assert.equal(configured, String(ops.containerPort), `${where}: ${portVariable} matches the container port`);
        }
      }
    });

    test('runs every container non-root, read-only, without privilege escalation or capabilities, RuntimeDefault seccomp', () => {
      for (const workload of workloads(objects())) {
        const pod = workload.pod.securityContext ?? {};
        assert.equal(pod.runAsNonRoot, true, `${workload.name}: pod runAsNonRoot`);
        assert.ok((pod.runAsUser ?? 1000) > 0, `${workload.name}: a non-zero uid`);
        assert.equal(pod.seccompProfile?.type, 'RuntimeDefault', `${workload.name}: pod seccomp`);
        assert.equal(workload.pod.automountServiceAccountToken, false, `${workload.name}: no API token mounted`);
        for (const container of [...workload.pod.containers, ...(workload.pod.initContainers ?? [])]) {
          const where = `${workload.name}/${container.name}`;
          const sc = container.securityContext ?? {};
          assert.equal(sc.runAsNonRoot ?? pod.runAsNonRoot, true, `${where}: runAsNonRoot`);
          assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
          assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
          assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${where}: drop ALL capabilities`);
          assert.equal(sc.capabilities?.add, undefined, `${where}: adds no capability`);
          assert.equal((sc.seccompProfile ?? pod.seccompProfile)?.type, 'RuntimeDefault', `${where}: seccomp`);
          const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
          const tmpVolume = workload.pod.volumes?.find((v) => v.name === tmp?.name);
          assert.ok(tmpVolume?.emptyDir, `${where}: a writable /tmp (emptyDir) under the read-only root`);
        }
      }
    });

    test('gives every pod a termination grace period longer than SHUTDOWN_GRACE_MS', () => {
      for (const workload of workloads(objects())) {
        const grace = workload.pod.terminationGracePeriodSeconds ?? 30;
        const shutdownMs = shutdownGraceMs(objects(), workload);
        assert.ok(
          grace > shutdownMs / 1000,
          `${workload.name}: ${grace} s must exceed SHUTDOWN_GRACE_MS ${shutdownMs}`,
        );
      }
    });

    test('sets CPU and memory requests and limits on every container, requests within limits', () => {
      const cpu = (q: string | number) =>
        typeof q === 'number' ? q : q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
      for (const workload of workloads(objects())) {
        for (const container of workload.pod.containers) {
          const { requests, limits } = container.resources ?? {};
          const where = `${workload.name}/${container.name}`;
          for (const resource of ['cpu', 'memory']) {
            assert.ok(requests?.[resource] !== undefined, `${where}: requests.${resource}`);
            assert.ok(limits?.[resource] !== undefined, `${where}: limits.${resource}`);
          }
          assert.ok(cpu(requests!['cpu']!) <= cpu(limits!['cpu']!), `${where}: cpu request ≤ limit`);
          assert.ok(
            quantityBytes(requests!['memory']!) <= quantityBytes(limits!['memory']!),
            `${where}: memory request ≤ limit`,
          );
        }
      }
    });

    test('disables service links, so Service variables cannot shadow the *_PORT settings', () => {
      for (const workload of workloads(objects())) {
        assert.equal(workload.pod.enableServiceLinks, false, workload.name);
      }
    });

    test('references secrets (mounted files, secretKeyRef) without carrying a value', () => {
      assert.deepEqual(ofKind(objects(), 'Secret'), [], 'no Secret object: secrets are created out of band');
      for (const configMap of ofKind<{ data?: Record<string, string> }>(objects(), 'ConfigMap')) {
        for (const [key, value] of Object.entries(configMap.data ?? {})) {
          assert.ok(!SECRET_NAME.test(key) || key.endsWith('_FILE'), `${configMap.metadata.name}: ${key} looks secret`);
          assert.doesNotMatch(value, /\/\/[^/@\s]+:[^/@\s]+@/, `${configMap.metadata.name}: ${key} embeds credentials`);
        }
      }
      for (const workload of workloads(objects())) {
        for (const container of workload.pod.containers) {
          const env = containerEnv(objects(), container);
          for (const [name, entry] of env) {
            const where = `${workload.name}/${container.name}: ${name}`;
            if (SECRET_NAME.test(name) && !name.endsWith('_FILE')) {
              assert.ok('valueFrom' in entry && entry.valueFrom['secretKeyRef'], `${where} must come from a Secret`);
            }
            if (!name.endsWith('_FILE') || !('value' in entry)) continue;
            const mount = container.volumeMounts?.find((m) => dirname(entry.value) === m.mountPath);
            const volume = workload.pod.volumes?.find((v) => v.name === mount?.name);
            assert.ok(volume?.secret?.secretName, `${where}=${entry.value} is a file of a mounted Secret`);
          }
        }
      }
    });

    test('runs the producer alone in a StatefulSet whose spool volume outlives the pod and exceeds the spool bound', () => {
      const producer = workloads(objects()).find((w) => w.name === 'producer');
      assert.equal(producer?.kind, 'StatefulSet');
      assert.equal(producer.replicas, 1, 'one X stream connection per app: exactly one producer');
      const scaled = ofKind<{ spec: ScaledObjectSpec }>(objects(), 'ScaledObject');
      assert.ok(!scaled.some((s) => s.spec.scaleTargetRef.name === 'producer'), 'the producer is never autoscaled');
      const container = producer.pod.containers[0]!;
      const env = containerEnv(objects(), container);
      const spoolDir = dirname(literal(env, 'PRODUCER_SPOOL_PATH') ?? '');
      const mount = container.volumeMounts?.find((m) => m.mountPath === spoolDir);
      const templates = (producer.object['spec'] as { volumeClaimTemplates?: K8sObject[] }).volumeClaimTemplates ?? [];
      const claim = templates.find((t) => t.metadata.name === mount?.name) as
        (K8sObject & { spec: { resources: { requests: { storage: string } } } }) | undefined;
      assert.ok(claim, `the spool directory ${spoolDir} is a volumeClaimTemplate`);
      const maxBytes = Number(literal(env, 'PRODUCER_SPOOL_MAX_BYTES') ?? 1024 ** 3);
      assert.ok(quantityBytes(claim.spec.resources.requests.storage) > maxBytes, 'the volume holds a full spool');
    });

    test('names each filter instance after its StatefulSet pod, so its transactional id survives restarts', () => {
      const filter = workloads(objects()).find((w) => w.name === 'filter');
      assert.equal(filter?.kind, 'StatefulSet');
      const env = containerEnv(objects(), filter.pod.containers[0]!);
      const instance = env.get('FILTER_INSTANCE_ID');
      assert.ok(instance && 'valueFrom' in instance, 'FILTER_INSTANCE_ID from the downward API');
      assert.deepEqual(instance.valueFrom['fieldRef'], { fieldPath: 'metadata.name' });
    });

    test('never scales a consumer beyond its topic partition count, reading brokers, group and topic from its own env', () => {
      const scaled = ofKind<{ spec: ScaledObjectSpec }>(objects(), 'ScaledObject');
      assert.deepEqual(scaled.map((s) => s.spec.scaleTargetRef.name).sort(), ['filter', 'sink', 'trends'].sort());
      for (const { metadata, spec } of scaled) {
        const target = targetOf(objects(), spec);
        assert.ok(target, `${metadata.name}: scaleTargetRef resolves to a rendered workload`);
        assert.equal(target.replicas, undefined, `${target.name}: replicas left to KEDA`);
        const env = containerEnv(objects(), target.pod.containers[0]!);
        const partitions = Number(literal(env, 'TOPIC_PARTITIONS'));
        assert.ok(partitions > 0, `${target.name}: TOPIC_PARTITIONS is set`);
        const min = spec.minReplicaCount ?? 0;
        const max = spec.maxReplicaCount ?? 100;
        assert.ok(min >= 1, `${metadata.name}: never scaled to zero (state restore, readiness)`);
        assert.ok(min <= max && max <= partitions, `${metadata.name}: ${min}..${max} within ${partitions} partitions`);
        for (const trigger of spec.triggers) {
          assert.equal(trigger.type, 'kafka', metadata.name);
          assert.ok(Number(trigger.metadata['lagThreshold']) > 0, `${metadata.name}: lagThreshold`);
          assert.notEqual(trigger.metadata['allowIdleConsumers'], 'true', metadata.name);
          for (const key of ['bootstrapServersFromEnv', 'consumerGroupFromEnv', 'topicFromEnv']) {
            const variable = trigger.metadata[key];
            assert.ok(variable && literal(env, variable), `${metadata.name}: ${key}=${variable} is set on the target`);
          }
        }
      }
    });

    test('gives every workload a PodDisruptionBudget, a Service with a metrics port and a ServiceMonitor', () => {
      const pdbs = ofKind<{ spec: PdbSpec }>(objects(), 'PodDisruptionBudget');
      const services = ofKind<{ spec: { selector?: Record<string, string>; ports: { name?: string }[] } }>(
        objects(),
        'Service',
      );
      const monitors = ofKind<{ spec: { selector: Selector; endpoints: { port?: string }[] } }>(
        objects(),
        'ServiceMonitor',
      );
      for (const workload of workloads(objects())) {
        const budgets = pdbs.filter((p) => selects(p.spec.selector, workload.podLabels));
        assert.equal(budgets.length, 1, `${workload.name}: one PodDisruptionBudget`);
        if (!workload.pod.containers.some((c) => metricsPort(c))) continue;
        const service = services.find(
          (s) => s.spec.selector !== undefined && selects({ matchLabels: s.spec.selector }, workload.podLabels),
        );
        assert.ok(service, `${workload.name}: a Service`);
        assert.ok(
          service.spec.ports.some((p) => p.name === 'metrics'),
          `${workload.name}: a Service port named metrics`,
        );
        assert.equal(service.metadata.name, workload.name, 'the Service name is the Prometheus job the alerts use');
        const monitor = monitors.find((m) => selects(m.spec.selector, service.metadata.labels ?? {}));
        assert.ok(
          monitor?.spec.endpoints.some((e) => e.port === 'metrics'),
          `${workload.name}: a ServiceMonitor`,
        );
      }
    });

    test('denies ingress by default and lets only Prometheus reach the metrics ports', () => {
      const all = policies(objects());
      assert.ok(
        all.some(
          (p) =>
            Object.keys(p.podSelector).length === 0 && (p.policyTypes ?? []).includes('Ingress') && !p.ingress?.length,
        ),
        'a default-deny ingress policy',
      );
      for (const policy of all) {
        for (const rule of policy.ingress ?? []) {
          assert.ok((rule.from ?? []).length > 0, `${policy.name}: an ingress rule open to every source`);
        }
      }
      for (const workload of workloads(objects())) {
        const ops = workload.pod.containers.map(metricsPort).find((p) => p !== undefined);
        if (ops === undefined) continue;
        const allowed = all.some(
          (p) =>
            selects(p.podSelector, workload.podLabels) &&
            (p.ingress ?? []).some(
              (rule) =>
                (rule.from ?? []).some(
                  (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus',
                ) && (rule.ports ?? []).some((port) => port.port === 'metrics' || port.port === ops.containerPort),
            ),
        );
        assert.ok(allowed, `${workload.name}: Prometheus may scrape ${ops.containerPort}`);
      }
    });

    test('limits every workload egress to DNS and the servers its configuration names', () => {
      for (const workload of workloads(objects())) {
        const rules = egressRules(objects(), workload.podLabels);
        assert.ok(rules !== undefined, `${workload.name}: an egress policy applies`);
        const env = containerEnv(objects(), workload.pod.containers[0]!);
        const brokers = literal(env, 'KAFKA_BROKERS');
        if (brokers === undefined) continue; // the X API emulator connects to nothing
        assert.ok(egressAllows(rules, 53, 'UDP') && egressAllows(rules, 53, 'TCP'), `${workload.name}: DNS`);
        for (const port of brokerPorts(brokers)) {
          assert.ok(egressAllows(rules, port), `${workload.name}: Kafka port ${port}`);
        }
        if (env.has('MONGODB_URI_FILE')) assert.ok(egressAllows(rules, 27017), `${workload.name}: MongoDB`);
        if (workload.name !== 'producer') continue;
        const base = literal(env, 'X_API_BASE_URL');
        if (base === undefined) {
          assert.ok(egressAllows(rules, 443), 'producer: the X API over HTTPS');
          continue;
        }
        const url = new URL(base);
        const service = ofKind<{ spec: { selector: Record<string, string>; ports: { port: number }[] } }>(
          objects(),
          'Service',
        ).find((s) => s.metadata.name === url.hostname);
        assert.ok(service, `X_API_BASE_URL names the Service ${url.hostname}`);
        assert.ok(
          egressAllows(rules, Number(url.port), 'TCP', service.spec.selector),
          `producer: ${url.hostname}:${url.port}`,
        );
      }
    });

    test('carries exactly the alert rules of ops/prometheus/alerts.yml in its PrometheusRule', () => {
      const rules = ofKind<{ spec: { groups: unknown[] } }>(objects(), 'PrometheusRule');
      assert.equal(rules.length, 1);
      const groups = ruleGroups(readFileSync(join(repoRoot, AlertRulesFile), 'utf8'));
      assert.deepEqual(rules[0]!.spec.groups, groups);
    });

    test('ships every Grafana dashboard as a ConfigMap labelled for the Grafana sidecar', () => {
      const files = dashboardFiles(repoRoot);
      assert.ok(files.length > 0, `dashboards in ${DashboardsDir}`);
      const configMaps = ofKind<{ data?: Record<string, string> }>(objects(), 'ConfigMap').filter(
        (c) => c.metadata.labels?.['grafana_dashboard'] === '1',
      );
      for (const file of files) {
        const configMap = configMaps.find((c) => c.data?.[file] !== undefined);
        assert.ok(configMap, `${file} is deployed`);
        const source: unknown = JSON.parse(readFileSync(join(repoRoot, DashboardsDir, file), 'utf8'));
        assert.deepEqual(JSON.parse(configMap.data![file]!), source, `${file}: same dashboard`);
      }
    });
  });
}

describe('k8s overlays', () => {
  const env = (overlay: (typeof Overlays)[number], workload: string, name: string) => {
    const w = workloads(overlayObjects(overlay)).find((x) => x.name === workload)!;
    return literal(containerEnv(overlayObjects(overlay), w.pod.containers[0]!), name);
  };

  test('prod replicates every topic three times and keeps two instances of each consumer through drains', () => {
    const objects = overlayObjects('prod');
    for (const workload of workloads(objects)) {
      assert.equal(env('prod', workload.name, 'TOPIC_REPLICATION_FACTOR'), '3', workload.name);
    }
    const scaled = ofKind<{ spec: ScaledObjectSpec }>(objects, 'ScaledObject');
    for (const budget of ofKind<{ spec: PdbSpec }>(objects, 'PodDisruptionBudget')) {
      const target = scaled.find(
        (s) => targetOf(objects, s.spec)?.podLabels['app.kubernetes.io/name'] === budget.metadata.name,
      );
      if (target === undefined) continue; // the single producer: see producer/pdb.yaml
      assert.equal(budget.spec.minAvailable, 2, `${budget.metadata.name}: minAvailable`);
      assert.ok(
        (target.spec.minReplicaCount ?? 0) > 2,
        `${budget.metadata.name}: more replicas than the budget keeps, or drains would block`,
      );
    }
  });

  test('differ in namespace, partitions, autoscaling bounds, resources, image tags and log levels', () => {
    const summary = (overlay: (typeof Overlays)[number]) => {
      const objects = overlayObjects(overlay);
      const filter = workloads(objects).find((w) => w.name === 'filter')!;
      const scaled = ofKind<{ spec: ScaledObjectSpec }>(objects, 'ScaledObject').find(
        (s) => s.metadata.name === 'filter',
      )!;
      return {
        namespace: filter.object.metadata.namespace,
        partitions: env(overlay, 'filter', 'TOPIC_PARTITIONS'),
        maxReplicas: scaled.spec.maxReplicaCount,
        memory: filter.pod.containers[0]!.resources?.limits?.['memory'],
        image: filter.pod.containers[0]!.image,
        logLevel: env(overlay, 'filter', 'LOG_LEVEL'),
      };
    };
    const [dev, qa, prod] = Overlays.map(summary);
    for (const key of Object.keys(dev!) as (keyof typeof dev)[]) {
      assert.ok(new Set([dev![key], qa![key], prod![key]]).size > 1, `${key} is the same in every overlay`);
    }
    assert.equal(new Set([dev!.namespace, qa!.namespace, prod!.namespace]).size, 3, 'one namespace each');
  });
});
