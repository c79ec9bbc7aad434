import { dlqPanel, lagPanels, processRow } from './common-rows.js';
import { Jobs, Metrics as M } from './metrics.js';
import type { DashboardSpec } from './panels.js';
import { quantile, selector, sumRate } from './promql.js';

const job = { job: Jobs.sink };
const sel = selector(job);

/** The sink: documents written, write and end-to-end latency, database availability, lag on tweets.clean. */
export const sinkDashboard: DashboardSpec = {
  uid: 'tweet-pipeline-sink',
  title: 'Tweet pipeline / Sink',
  description: 'tweets.clean (read_committed) → idempotent bulk writes → MongoDB. Generated; do not edit.',
  rows: [
    {
      title: 'Now',
      panels: [
        {
          kind: 'stat',
          title: 'Inserted',
          description: 'New documents per second.',
          queries: [{ expr: sumRate(M.sinkDocuments, { ...job, result: 'inserted' }) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Already present',
          description: 'Documents per second found already stored (redelivery after a restart or rebalance).',
          queries: [{ expr: sumRate(M.sinkDocuments, { ...job, result: 'already_present' }) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Database',
          description: 'Whether every instance reaches the database (0 = waiting out an outage).',
          queries: [{ expr: `min(${M.databaseAvailable}${sel})` }],
          unit: 'none',
          states: { 0: 'Unavailable', 1: 'Available' },
        },
        {
          kind: 'stat',
          title: 'End-to-end p99',
          description: 'Producer received → sink stored, 99th percentile.',
          queries: [{ expr: quantile(0.99, M.endToEndLatency, job) }],
          unit: 's',
        },
        {
          kind: 'stat',
          title: 'Write p99',
          description: 'One bulk write including retries, 99th percentile.',
          queries: [{ expr: quantile(0.99, M.sinkWriteDuration, job) }],
          unit: 's',
        },
        {
          kind: 'stat',
          title: 'Rejected',
          description: 'Documents per second the database refused (sent to the DLQ).',
          queries: [{ expr: sumRate(M.sinkDocuments, { ...job, result: 'failed' }) }],
          unit: 'ops',
        },
      ],
    },
    {
      title: 'Writes',
      panels: [
        {
          kind: 'timeseries',
          title: 'Documents by result',
          description: 'Documents per second: inserted, already_present, failed.',
          queries: [{ expr: sumRate(M.sinkDocuments, job, ['result']), legend: '{{result}}' }],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Bulk write duration',
          description: 'One batch written, retries included; and batches per second.',
          queries: [
            { expr: quantile(0.5, M.sinkWriteDuration, job), legend: 'p50' },
            { expr: quantile(0.99, M.sinkWriteDuration, job), legend: 'p99' },
          ],
          unit: 's',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Batches written',
          description: 'Bulk writes per second.',
          queries: [{ expr: sumRate(`${M.sinkWriteDuration}_count`, job), legend: 'batches' }],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Database available',
          description: '1 while the last write reached the database; 0 while an outage is waited out.',
          queries: [{ expr: `${M.databaseAvailable}${sel}`, legend: '{{instance}}' }],
          unit: 'none',
          min: 0,
          max: 1,
        },
      ],
    },
    {
      title: 'Latency, lag and dead letters',
      panels: [
        {
          kind: 'timeseries',
          title: 'End-to-end latency',
          description: 'Producer received → sink stored.',
          queries: [
            { expr: quantile(0.5, M.endToEndLatency, job), legend: 'p50' },
            { expr: quantile(0.9, M.endToEndLatency, job), legend: 'p90' },
            { expr: quantile(0.99, M.endToEndLatency, job), legend: 'p99' },
          ],
          unit: 's',
          min: 0,
          width: 6,
        },
        ...lagPanels(Jobs.sink).map((p) => ({ ...p, width: 6 })),
        { ...dlqPanel(Jobs.sink), width: 6 },
      ],
    },
    processRow(Jobs.sink),
  ],
};
