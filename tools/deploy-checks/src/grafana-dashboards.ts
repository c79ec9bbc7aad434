import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';

/** Where the dashboards are generated (tools/ops-checks) and provisioned from in docker-compose. */
export const DashboardsDir = 'ops/grafana/dashboards';
/** Their copies and the kustomization that turns each into a ConfigMap for Grafana's sidecar. */
export const K8sDashboardsDir = 'k8s/base/grafana-dashboards';

/** The dashboard JSON files, sorted by name. */
export function dashboardFiles(root: string): string[] {
  const dir = join(root, DashboardsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
}

/** A ConfigMap name (DNS-1123 label) for a dashboard file. */
export function dashboardConfigMapName(file: string): string {
  const stem = basename(file, '.json')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `grafana-dashboard-${stem}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * The generated directory k8s/base/grafana-dashboards: a copy of every dashboard (kustomize only
 * reads files under its own root) and a kustomization making each a ConfigMap labelled
 * grafana_dashboard="1", which the Grafana sidecar (kube-prometheus-stack) loads.
 */
export function renderDashboardFiles(root: string): { path: string; content: string }[] {
  const files = dashboardFiles(root);
  if (files.length === 0) return [];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generatorOptions: {
      // Stable names: the sidecar keys dashboards by ConfigMap, and nothing mounts them.
      disableNameSuffixHash: true,
      labels: { grafana_dashboard: '1', 'app.kubernetes.io/name': 'grafana-dashboards' },
      annotations: { grafana_folder: 'Tweet pipeline' },
    },
    configMapGenerator: files.map((file) => ({ name: dashboardConfigMapName(file), files: [file] })),
  };
  const header = [
    `# GENERATED from ${DashboardsDir}/*.json by \`npm run render -w tools/deploy-checks\`: do not edit;`,
    '# tools/deploy-checks tests fail when these copies differ from the dashboards.',
  ];
  return [
    {
      path: join(K8sDashboardsDir, 'kustomization.yaml'),
      content: `${header.join('\n')}\n${stringify(kustomization)}`,
    },
    ...files.map((file) => ({
      path: join(K8sDashboardsDir, file),
      content: readFileSync(join(root, DashboardsDir, file), 'utf8'),
    })),
  ];
}
