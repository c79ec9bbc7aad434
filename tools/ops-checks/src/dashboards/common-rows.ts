import { Metrics as M, type Job } from './metrics.js';
import type { PanelSpec, RowSpec } from './panels.js';
import { groupLag, selector, sumRate } from './promql.js';

/** Lag of the consumer group(s) a service reports (its lag reporter runs in the service's process). */
export function lagPanels(job: Job): PanelSpec[] {
  return [
    {
      kind: 'timeseries',
      title: 'Consumer lag',
      description:
        'Records the group still has to read, summed over partitions. On a transactional input topic a ' +
        'caught-up group shows 1 per partition (the commit marker).',
      queries: [{ expr: groupLag(M.consumerLag, { job }), legend: '{{group}} on {{topic}}' }],
      unit: 'short',
      min: 0,
    },
    {
      kind: 'timeseries',
      title: 'Consumer lag by partition',
      description: 'An unbalanced lag points at one slow or stuck instance, or at a hot key.',
      queries: [
        {
          expr: `max by (group, topic, partition) (${M.consumerLag}${selector({ job })})`,
          legend: '{{topic}}/{{partition}}',
        },
      ],
      unit: 'short',
      min: 0,
    },
  ];
}

/** Records a service sent to tweets.dlq, by reason. */
export function dlqPanel(service: Job): PanelSpec {
  return {
    kind: 'timeseries',
    title: 'Sent to the DLQ',
    description: 'Records sent to tweets.dlq, by error code (the reason is in their headers). Any is an alert.',
    queries: [{ expr: sumRate(M.dlqMessages, { service }, ['error_code']), legend: '{{error_code}}' }],
    unit: 'ops',
    min: 0,
  };
}

/** Liveness and Node process health of every instance of a service. */
export function processRow(job: Job): RowSpec {
  const sel = selector({ job });
  return {
    title: 'Process',
    panels: [
      {
        kind: 'timeseries',
        title: 'Instances up',
        description: 'Whether Prometheus can scrape each instance (the ServiceDown alert).',
        queries: [{ expr: `${M.up}${sel}`, legend: '{{instance}}' }],
        unit: 'none',
        min: 0,
        max: 1,
        width: 6,
      },
      {
        kind: 'timeseries',
        title: 'CPU',
        description: 'CPU seconds per second of each instance (1 = one core).',
        queries: [{ expr: `rate(${M.processCpu}${sel}[$__rate_interval])`, legend: '{{instance}}' }],
        unit: 'percentunit',
        min: 0,
        width: 6,
      },
      {
        kind: 'timeseries',
        title: 'Memory',
        description: 'Resident set size and V8 heap in use.',
        queries: [
          { expr: `${M.processResident}${sel}`, legend: 'rss {{instance}}' },
          { expr: `${M.heapUsed}${sel}`, legend: 'heap {{instance}}' },
        ],
        unit: 'bytes',
        min: 0,
        width: 6,
      },
      {
        kind: 'timeseries',
        title: 'Event loop lag p99',
        description: 'A blocked event loop delays everything, heartbeats to Kafka included.',
        queries: [{ expr: `${M.eventLoopLagP99}${sel}`, legend: '{{instance}}' }],
        unit: 's',
        min: 0,
        width: 6,
      },
    ],
  };
}
