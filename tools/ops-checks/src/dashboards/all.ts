import { filterDashboard } from './filter.js';
import { buildDashboard, type DashboardSpec } from './panels.js';
import { pipelineOverview } from './pipeline-overview.js';
import { producerDashboard } from './producer.js';
import { sinkDashboard } from './sink.js';
import { trendsDashboard } from './trends.js';

/** Every dashboard, by the file it is written to in ops/grafana/dashboards/. */
export const dashboardSpecs: Readonly<Record<string, DashboardSpec>> = {
  'pipeline-overview.json': pipelineOverview,
  'producer.json': producerDashboard,
  'filter.json': filterDashboard,
  'sink.json': sinkDashboard,
  'trends.json': trendsDashboard,
};

/** Every dashboard as Grafana JSON (plain data: what is written to the file, parsed back). */
export function generatedDashboards(): Map<string, unknown> {
  return new Map(
    Object.entries(dashboardSpecs).map(([file, spec]) => [file, JSON.parse(JSON.stringify(buildDashboard(spec)))]),
  );
}
