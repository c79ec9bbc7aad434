import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@tweet-pipeline/testkit';
import { format, resolveConfig } from 'prettier';
import { generatedDashboards } from './dashboards/all.js';

/** The repository's ops/grafana/dashboards/ (Grafana provisioning reads the files from there). */
export const dashboardsDir = join(repoRoot, 'ops', 'grafana', 'dashboards') + '/';

/**
 * A dashboard file's text: the JSON formatted by the repository's Prettier
 * configuration, so `prettier --check` and regeneration agree.
 */
export async function dashboardText(file: string, dashboard: unknown): Promise<string> {
  const path = join(dashboardsDir, file);
  const options = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(dashboard, null, 2), { ...options, filepath: path });
}

export interface DashboardFileStatus {
  readonly file: string;
  readonly upToDate: boolean;
}

/** Writes every generated dashboard (or, with `check`, only compares); returns what differed. */
export async function writeDashboards(options: { readonly check: boolean }): Promise<DashboardFileStatus[]> {
  const statuses: DashboardFileStatus[] = [];
  for (const [file, dashboard] of generatedDashboards()) {
    const path = join(dashboardsDir, file);
    const text = await dashboardText(file, dashboard);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    const upToDate = current === text;
    if (!upToDate && !options.check) await writeFile(path, text);
    statuses.push({ file, upToDate });
  }
  return statuses;
}
