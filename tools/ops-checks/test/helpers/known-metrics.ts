import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMetricsRegistry } from '@tweet-pipeline/observability';
import { repoPath } from './repo.js';

const SERIES_SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function addMetric(names: Set<string>, name: string, type: string): void {
  for (const suffix of SERIES_SUFFIXES[type] ?? ['']) names.add(name + suffix);
}

/** Files that define the services' metrics: every services/<name>/src/metrics.ts and the shared ones. */
export function metricSourceFiles(): string[] {
  const services = repoPath('services/');
  const files = readdirSync(services)
    .map((name) => join(services, name, 'src', 'metrics.ts'))
    .filter((file) => existsSync(file));
  return [...files, repoPath('libs/observability/src/pipeline-metrics.ts')];
}

/**
 * Every series name Prometheus can see from our services: the metrics their
 * source defines (`new Counter|Gauge|Histogram|Summary({ name: '…' })`, a
 * histogram giving _bucket/_sum/_count), Node's default process metrics as
 * the shared registry creates them, and Prometheus' own `up`.
 */
export async function knownSeriesNames(): Promise<Set<string>> {
  const names = new Set<string>(['up']);
  for (const file of metricSourceFiles()) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name:\s*'([^']+)'/g)) {
      addMetric(names, m[2] ?? '', (m[1] ?? '').toLowerCase());
    }
  }
  const registry = createMetricsRegistry();
  for (const metric of await registry.getMetricsAsJSON()) addMetric(names, metric.name, String(metric.type));
  return names;
}
