import { Metrics as M } from './metrics.js';
import type { DashboardSpec } from './panels.js';
import { groupLag, quantile, share, sumIncrease, sumRate } from './promql.js';

const stored = { result: '~inserted|already_present' };

/** The whole pipeline on one page: flow per stage, quality of the input, latency, lag, and trouble. */
export const pipelineOverview: DashboardSpec = {
  uid: 'tweet-pipeline-overview',
  title: 'Tweet pipeline / Overview',
  description: 'X API → producer → tweets.raw → filter → tweets.clean → sink → MongoDB. Generated; do not edit.',
  rows: [
    {
      title: 'Now',
      panels: [
        {
          kind: 'stat',
          title: 'Received',
          description: 'Tweets per second received by the producers, all sources.',
          queries: [{ expr: sumRate(M.producerReceived) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Stored',
          description: 'Documents per second the sinks stored (inserted or already present).',
          queries: [{ expr: sumRate(M.sinkDocuments, stored) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Pass ratio',
          description: 'Share of raw records the filter passed to tweets.clean.',
          queries: [{ expr: share(M.filterMessages, { outcome: 'passed' }) }],
          unit: 'percentunit',
        },
        {
          kind: 'stat',
          title: 'Duplicate ratio',
          description: 'Share of raw records dropped as repeats of a tweet id already seen.',
          queries: [{ expr: share(M.filterMessages, { outcome: 'duplicate' }) }],
          unit: 'percentunit',
        },
        {
          kind: 'stat',
          title: 'X stream',
          description: 'Whether every producer reading the X filtered stream is connected.',
          queries: [{ expr: `min(${M.streamConnected})` }],
          unit: 'none',
          states: { 0: 'Disconnected', 1: 'Connected' },
        },
        {
          kind: 'stat',
          title: 'Spool used',
          description: 'Fullest producer spool, as a share of its bound (alert at 80 %).',
          queries: [{ expr: `max(${M.spoolBytes} / ${M.spoolMaxBytes})` }],
          unit: 'percentunit',
          redAt: 0.8,
        },
      ],
    },
    {
      title: 'Flow',
      panels: [
        {
          kind: 'timeseries',
          title: 'Rate per stage',
          description: 'Records per second through each stage; a widening gap between two lines is a backlog.',
          queries: [
            { expr: sumRate(M.producerReceived), legend: 'producer received' },
            { expr: sumRate(M.producerPublished), legend: 'producer published' },
            { expr: sumRate(M.filterMessages), legend: 'filter handled' },
            { expr: sumRate(M.filterMessages, { outcome: 'passed' }), legend: 'filter passed' },
            { expr: sumRate(M.sinkDocuments, stored), legend: 'sink stored' },
          ],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Filter outcomes',
          description: 'What the filter did with each raw record.',
          queries: [{ expr: sumRate(M.filterMessages, {}, ['outcome']), legend: '{{outcome}}' }],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Duplicate and pass ratios',
          description: 'Shares of raw records passed and dropped as duplicates.',
          queries: [
            { expr: share(M.filterMessages, { outcome: 'passed' }), legend: 'passed' },
            { expr: share(M.filterMessages, { outcome: 'duplicate' }), legend: 'duplicate' },
          ],
          unit: 'percentunit',
          min: 0,
          max: 1,
        },
        {
          kind: 'timeseries',
          title: 'Received by source',
          description: 'Tweets per second by producer source.',
          queries: [{ expr: sumRate(M.producerReceived, {}, ['source']), legend: '{{source}}' }],
          unit: 'ops',
          min: 0,
        },
      ],
    },
    {
      title: 'Latency and lag',
      panels: [
        {
          kind: 'timeseries',
          title: 'End-to-end latency',
          description: 'From the producer receiving a tweet to the sink storing it.',
          queries: [
            { expr: quantile(0.5, M.endToEndLatency), legend: 'p50' },
            { expr: quantile(0.99, M.endToEndLatency), legend: 'p99' },
          ],
          unit: 's',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Consumer lag',
          description:
            'Records each group still has to read. On tweets.clean (transactional) a caught-up group shows 1 ' +
            'per partition: the commit marker.',
          queries: [{ expr: groupLag(M.consumerLag), legend: '{{group}} on {{topic}}' }],
          unit: 'short',
          min: 0,
        },
      ],
    },
    {
      title: 'Trouble',
      panels: [
        {
          kind: 'timeseries',
          title: 'DLQ rate',
          description: 'Records sent to tweets.dlq per second, by service and error code.',
          queries: [
            { expr: sumRate(M.dlqMessages, {}, ['service', 'error_code']), legend: '{{service}} {{error_code}}' },
          ],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'X stream connected',
          description: '1 while a producer is connected to the X filtered stream.',
          queries: [{ expr: `max by (instance) (${M.streamConnected})`, legend: '{{instance}}' }],
          unit: 'none',
          min: 0,
          max: 1,
        },
        {
          kind: 'timeseries',
          title: 'X stream reconnects',
          description: 'Reconnects of the X filtered stream per interval, by reason.',
          queries: [{ expr: sumIncrease(M.streamReconnects, {}, ['reason']), legend: '{{reason}}' }],
          unit: 'short',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Spool',
          description: 'Bytes waiting in the producers’ durable spools for Kafka, and the share of the bound.',
          queries: [{ expr: `sum by (instance) (${M.spoolBytes})`, legend: '{{instance}}' }],
          unit: 'bytes',
          min: 0,
          width: 6,
        },
        {
          kind: 'timeseries',
          title: 'Spool used',
          description: 'Spool bytes as a share of PRODUCER_SPOOL_MAX_BYTES (alert at 80 %).',
          queries: [{ expr: `max by (instance) (${M.spoolBytes} / ${M.spoolMaxBytes})`, legend: '{{instance}}' }],
          unit: 'percentunit',
          min: 0,
          max: 1,
          redAt: 0.8,
          width: 6,
        },
        {
          kind: 'timeseries',
          title: 'Dependencies available',
          description: 'Kafka as the producers see it, the database as the sinks see it (0 = outage).',
          queries: [
            { expr: `min(${M.kafkaAvailable})`, legend: 'Kafka (producer)' },
            { expr: `min(${M.databaseAvailable})`, legend: 'database (sink)' },
          ],
          unit: 'none',
          min: 0,
          max: 1,
          width: 6,
        },
        {
          kind: 'timeseries',
          title: 'Services up',
          description: 'Instances Prometheus can scrape, per service.',
          queries: [{ expr: `sum by (job) (${M.up}{job=~"producer|filter|sink|trends"})`, legend: '{{job}}' }],
          unit: 'short',
          min: 0,
          width: 6,
        },
      ],
    },
  ],
};
