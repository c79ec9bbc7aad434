import { dlqPanel, lagPanels, processRow } from './common-rows.js';
import { Jobs, Metrics as M } from './metrics.js';
import type { DashboardSpec } from './panels.js';
import { quantile, selector, share, sumIncrease, sumRate } from './promql.js';

const job = { job: Jobs.filter };
const sel = selector(job);

/** The filter: outcomes per raw record, dedupe state and its restores, lag on tweets.raw. */
export const filterDashboard: DashboardSpec = {
  uid: 'tweet-pipeline-filter',
  title: 'Tweet pipeline / Filter',
  description:
    'tweets.raw → validate, dedupe, match, tokenize → tweets.clean, in one transaction per batch. Generated; do not edit.',
  rows: [
    {
      title: 'Now',
      panels: [
        {
          kind: 'stat',
          title: 'Handled',
          description: 'Raw records per second whose transaction committed.',
          queries: [{ expr: sumRate(M.filterMessages, job) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Pass ratio',
          description: 'Share of raw records passed to tweets.clean.',
          queries: [{ expr: share(M.filterMessages, { ...job, outcome: 'passed' }) }],
          unit: 'percentunit',
        },
        {
          kind: 'stat',
          title: 'Duplicate ratio',
          description: 'Share of raw records dropped as a repeated tweet id.',
          queries: [{ expr: share(M.filterMessages, { ...job, outcome: 'duplicate' }) }],
          unit: 'percentunit',
        },
        {
          kind: 'stat',
          title: 'Ids remembered',
          description: 'Tweet ids in the dedupe state, all instances.',
          queries: [{ expr: `sum(${M.dedupeEntries}${sel})` }],
          unit: 'short',
        },
        {
          kind: 'stat',
          title: 'State restores',
          description: 'Dedupe state restores finished since the instances started.',
          queries: [{ expr: `sum(${M.stateRestore}_count${sel})` }],
          unit: 'short',
        },
        {
          kind: 'stat',
          title: 'Mean restore time',
          description: 'Mean time of those restores; the partitions wait meanwhile (alert above 60 s).',
          queries: [{ expr: `sum(${M.stateRestore}_sum${sel}) / sum(${M.stateRestore}_count${sel})` }],
          unit: 's',
          redAt: 60,
        },
      ],
    },
    {
      title: 'Outcomes',
      panels: [
        {
          kind: 'timeseries',
          title: 'Outcomes',
          description: 'Raw records per second by outcome: passed, duplicate, filtered_out, invalid.',
          queries: [{ expr: sumRate(M.filterMessages, job, ['outcome']), legend: '{{outcome}}' }],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Pass and duplicate ratios',
          description: 'A jump in duplicates after a restart or rebalance means state was not restored.',
          queries: [
            { expr: share(M.filterMessages, { ...job, outcome: 'passed' }), legend: 'passed' },
            { expr: share(M.filterMessages, { ...job, outcome: 'duplicate' }), legend: 'duplicate' },
            { expr: share(M.filterMessages, { ...job, outcome: 'invalid' }), legend: 'invalid' },
          ],
          unit: 'percentunit',
          min: 0,
          max: 1,
        },
      ],
    },
    {
      title: 'Dedupe state',
      panels: [
        {
          kind: 'timeseries',
          title: 'Ids remembered',
          description: 'Tweet ids per instance; follows the input rate over the dedupe window.',
          queries: [{ expr: `${M.dedupeEntries}${sel}`, legend: '{{instance}}' }],
          unit: 'short',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'State restore time',
          description: 'p50 and p99 of the restores that finished in each interval (gaps: no restore).',
          queries: [
            { expr: quantile(0.5, M.stateRestore, job), legend: 'p50' },
            { expr: quantile(0.99, M.stateRestore, job), legend: 'p99' },
          ],
          unit: 's',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'State restores',
          description: 'Restores finished per interval: each follows an assignment (start, rebalance).',
          queries: [{ expr: sumIncrease(`${M.stateRestore}_count`, job), legend: 'restores' }],
          unit: 'short',
          min: 0,
          width: 8,
        },
      ],
    },
    {
      title: 'Lag and dead letters',
      panels: [...lagPanels(Jobs.filter).map((p) => ({ ...p, width: 8 })), { ...dlqPanel(Jobs.filter), width: 8 }],
    },
    processRow(Jobs.filter),
  ],
};
