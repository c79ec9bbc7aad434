#!/usr/bin/env node
// Writes the Grafana dashboards of ops/grafana/dashboards/ from their TypeScript
// definitions (src/dashboards/). With --check it writes nothing and exits 1 when
// a file differs from what the definitions generate.
import { parseArgs } from 'node:util';
import { dashboardsDir, writeDashboards } from './dashboard-files.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const statuses = await writeDashboards({ check: values.check });
for (const { file, upToDate } of statuses) {
  const state = upToDate ? 'up to date' : values.check ? 'DIFFERS from the generator' : 'written';
  console.log(`${dashboardsDir}${file}: ${state}`);
}
if (values.check && statuses.some((s) => !s.upToDate)) {
  console.error('run `node tools/ops-checks/dist/src/generate-dashboards.js` and commit the result');
  process.exit(1);
}
