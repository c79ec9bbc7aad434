import { parse, stringify } from 'yaml';

/** The Prometheus rule file shared by docker-compose and Kubernetes. */
export const AlertRulesFile = 'ops/prometheus/alerts.yml';
/** Its copy as a Prometheus Operator resource, listed in k8s/base/kustomization.yaml. */
export const PrometheusRuleFile = 'k8s/base/monitoring/prometheus-rule.yaml';

/** The `groups` of a Prometheus rule file, as parsed. */
export function ruleGroups(alertsYaml: string): unknown[] {
  const parsed: unknown = parse(alertsYaml);
  const groups = (parsed as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) throw new Error(`${AlertRulesFile} has no "groups" list`);
  return groups;
}

/**
 * The PrometheusRule carrying exactly the groups of ops/prometheus/alerts.yml. Kustomize cannot
 * embed a file into a custom resource's spec, so the resource is generated and committed; the
 * deploy-checks tests fail when it no longer matches the rule file.
 *
 * @throws Error when the rule file has no groups.
 */
export function renderPrometheusRule(alertsYaml: string): string {
  const resource = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'tweet-pipeline',
      labels: { 'app.kubernetes.io/name': 'tweet-pipeline-alerts' },
    },
    spec: { groups: ruleGroups(alertsYaml) },
  };
  const header = [
    `# GENERATED from ${AlertRulesFile} by \`npm run render -w tools/deploy-checks\`: edit that file and`,
    '# render again; tools/deploy-checks tests fail when the two differ.',
  ];
  return `${header.join('\n')}\n${stringify(resource, { lineWidth: 0 })}`;
}
