export { dashboardSpecs, generatedDashboards } from './dashboards/all.js';
export {
  buildDashboard,
  PROMETHEUS,
  ALERTS_FIRING,
  type DashboardSpec,
  type PanelSpec,
  type RowSpec,
  type Query,
} from './dashboards/panels.js';
export { Metrics, Jobs } from './dashboards/metrics.js';
export { dashboardsDir, dashboardText, writeDashboards, type DashboardFileStatus } from './dashboard-files.js';
export { metricNamesIn } from './promql-names.js';
export { panelQueries, withFixedIntervals, type PanelQuery } from './panel-queries.js';
