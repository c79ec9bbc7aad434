import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { metricNamesIn } from '../src/index.js';
import { requireBinary } from './helpers/binaries.js';
import { knownSeriesNames } from './helpers/known-metrics.js';
import { repoPath } from './helpers/repo.js';

const run = promisify(execFile);
const alertsFile = repoPath('ops/prometheus/alerts.yml');
const alertsTestFile = repoPath('ops/prometheus/alerts.test.yml');
const configFile = repoPath('ops/prometheus/prometheus.yml');

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

async function rules(): Promise<Rule[]> {
  const doc = parse(await readFile(alertsFile, 'utf8')) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** Runs promtool; a failure fails the test with promtool's own output. */
async function promtool(...args: string[]): Promise<string> {
  const binary = requireBinary('promtool');
  try {
    const { stdout, stderr } = await run(binary, args, { timeout: 60_000 });
    return stdout + stderr;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    assert.fail(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

test('promtool check rules accepts alerts.yml', async () => {
  const out = await promtool('check', 'rules', alertsFile);
  assert.match(out, /SUCCESS/);
});

test('promtool test rules passes every case of alerts.test.yml', async () => {
  const out = await promtool('test', 'rules', alertsTestFile);
  assert.match(out, /SUCCESS/);
});

test('promtool check config accepts prometheus.yml with its rule file', async () => {
  // The compose service names do not resolve here; check config validates the syntax only.
  const dir = await mkdtemp(join(tmpdir(), 'ops-checks-config-'));
  try {
    await copyFile(configFile, join(dir, 'prometheus.yml'));
    await copyFile(alertsFile, join(dir, 'alerts.yml'));
    const out = await promtool('check', 'config', join(dir, 'prometheus.yml'));
    assert.match(out, /SUCCESS: 1 rule files found/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every alert has a severity, a summary, a description and its runbook anchor', async () => {
  const alerts = (await rules()).filter((r) => r.alert !== undefined);
  assert.ok(alerts.length >= 9, `only ${alerts.length} alerts`);
  for (const rule of alerts) {
    const name = rule.alert ?? '';
    assert.match(rule.labels?.severity ?? '', /^(critical|warning)$/, `${name}: severity`);
    assert.ok((rule.annotations?.summary ?? '').length > 0, `${name}: summary`);
    assert.ok((rule.annotations?.description ?? '').length > 0, `${name}: description`);
    assert.equal(rule.annotations?.runbook_url, `docs/operations.md#${name.toLowerCase()}`, `${name}: runbook_url`);
  }
});

test('every alert fires in at least one case of alerts.test.yml', async () => {
  const doc = parse(await readFile(alertsTestFile, 'utf8')) as {
    tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
  };
  const tested = new Set(
    doc.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
  );
  const untested = (await rules()).filter((r) => r.alert !== undefined && !tested.has(r.alert));
  assert.deepEqual(
    untested.map((r) => r.alert),
    [],
  );
});

test('alert rules use only metrics the services define, and recording rules of the file', async () => {
  const all = await rules();
  const known = await knownSeriesNames();
  for (const r of all) if (r.record !== undefined) known.add(r.record);
  const unknown = all.flatMap((r) =>
    metricNamesIn(r.expr)
      .filter((name) => !known.has(name))
      .map((name) => `${r.alert ?? r.record}: ${name}`),
  );
  assert.deepEqual(unknown, []);
});
