import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { nodeArgs, workspaceEntry } from '@tweet-pipeline/testkit';
import {
  AlertRulesFile,
  K8sDashboardsDir,
  PrometheusRuleFile,
  dashboardConfigMapName,
  expectedGeneratedFiles,
  renderPrometheusRule,
  repoRoot,
  ruleGroups,
  staleGeneratedFiles,
} from '../src/index.js';

describe('generated deployment files', () => {
  test('staleGeneratedFiles finds none: PrometheusRule and dashboard copies are current', async () => {
    assert.deepEqual(await staleGeneratedFiles(repoRoot), [], 'run: npm run render -w tools/deploy-checks');
  });

  test('renders the PrometheusRule and the dashboard copies, and no Dockerfile (images use the one recipe)', async () => {
    const paths = (await expectedGeneratedFiles(repoRoot)).map((file) => file.path);
    assert.ok(paths.includes(PrometheusRuleFile), PrometheusRuleFile);
    assert.ok(
      paths.some((path) => path.startsWith(`${K8sDashboardsDir}/`)),
      `${K8sDashboardsDir} copies`,
    );
    assert.deepEqual(
      paths.filter((path) => /Dockerfile$/i.test(path)),
      [],
    );
  });

  test('main.js check exits 0 and says the generated files are up to date', async () => {
    const main = workspaceEntry('tools/deploy-checks');
    const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs(main), 'check']);
    assert.equal(stdout, 'generated files are up to date\n');
  });

  test(`${PrometheusRuleFile} holds exactly the rule groups of ${AlertRulesFile}`, () => {
    const rule = parse(readFileSync(join(repoRoot, PrometheusRuleFile), 'utf8')) as {
      kind: string;
      spec: { groups: unknown[] };
    };
    assert.equal(rule.kind, 'PrometheusRule');
    assert.deepEqual(rule.spec.groups, ruleGroups(readFileSync(join(repoRoot, AlertRulesFile), 'utf8')));
  });

  test('renderPrometheusRule wraps a rule file’s groups, multi-line expressions included, unchanged', () => {
    const alerts = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: A',
      '        expr: |',
      '          up == 0',
      '          and on (job) x',
      '        for: 1m',
      '        labels: { severity: critical }',
    ].join('\n');
    const rendered = parse(renderPrometheusRule(alerts)) as { apiVersion: string; spec: { groups: unknown } };
    assert.equal(rendered.apiVersion, 'monitoring.coreos.com/v1');
    assert.deepEqual(rendered.spec.groups, ruleGroups(alerts));
    assert.throws(() => renderPrometheusRule('rules: []'), /no "groups" list/);
  });

  test('dashboardConfigMapName makes a DNS-1123 name of any dashboard file name', () => {
    assert.equal(dashboardConfigMapName('pipeline-overview.json'), 'grafana-dashboard-pipeline-overview');
    assert.equal(dashboardConfigMapName('Sink_Latency (p99).json'), 'grafana-dashboard-sink-latency-p99');
    assert.ok(dashboardConfigMapName(`${'x'.repeat(100)}.json`).length <= 63);
  });
});
