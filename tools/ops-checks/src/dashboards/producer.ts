import { dlqPanel, processRow } from './common-rows.js';
import { Jobs, Metrics as M } from './metrics.js';
import type { DashboardSpec } from './panels.js';
import { selector, sumIncrease, sumRate } from './promql.js';

const job = { job: Jobs.producer };
const sel = selector(job);

/** The producer: sources in, Kafka out, the spool between them, and the X stream connection. */
export const producerDashboard: DashboardSpec = {
  uid: 'tweet-pipeline-producer',
  title: 'Tweet pipeline / Producer',
  description: 'Sources → durable spool → tweets.raw. Generated; do not edit.',
  rows: [
    {
      title: 'Now',
      panels: [
        {
          kind: 'stat',
          title: 'Received',
          description: 'Records per second received from all sources.',
          queries: [{ expr: sumRate(M.producerReceived, job) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Published',
          description: 'Records per second acknowledged by Kafka on tweets.raw.',
          queries: [{ expr: sumRate(M.producerPublished, job) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'X stream',
          description: 'Whether every instance reading the X filtered stream is connected.',
          queries: [{ expr: `min(${M.streamConnected}${sel})` }],
          unit: 'none',
          states: { 0: 'Disconnected', 1: 'Connected' },
        },
        {
          kind: 'stat',
          title: 'Kafka',
          description: 'Whether Kafka acknowledges every instance (0 = the spool absorbs the sources).',
          queries: [{ expr: `min(${M.kafkaAvailable}${sel})` }],
          unit: 'none',
          states: { 0: 'Unavailable', 1: 'Available' },
        },
        {
          kind: 'stat',
          title: 'Spool used',
          description: 'Fullest spool as a share of its bound (alert at 80 %).',
          queries: [{ expr: `max(${M.spoolBytes}${sel} / ${M.spoolMaxBytes}${sel})` }],
          unit: 'percentunit',
          redAt: 0.8,
        },
        {
          kind: 'stat',
          title: 'Spool full',
          description: 'Instances whose sources are paused on a full spool.',
          queries: [{ expr: `sum(${M.spoolFull}${sel})` }],
          unit: 'none',
          redAt: 1,
        },
      ],
    },
    {
      title: 'Throughput',
      panels: [
        {
          kind: 'timeseries',
          title: 'Received by source',
          description: 'Records per second received, by source (durable in the spool from then on).',
          queries: [{ expr: sumRate(M.producerReceived, job, ['source']), legend: '{{source}}' }],
          unit: 'ops',
          min: 0,
        },
        {
          kind: 'timeseries',
          title: 'Received and published',
          description: 'Published below received means the spool is growing.',
          queries: [
            { expr: sumRate(M.producerReceived, job), legend: 'received' },
            { expr: sumRate(M.producerPublished, job), legend: 'published' },
          ],
          unit: 'ops',
          min: 0,
        },
      ],
    },
    {
      title: 'Spool and Kafka',
      panels: [
        {
          kind: 'timeseries',
          title: 'Spool',
          description: 'Bytes waiting in the spool, and its bound.',
          queries: [
            { expr: `${M.spoolBytes}${sel}`, legend: 'waiting {{instance}}' },
            { expr: `${M.spoolMaxBytes}${sel}`, legend: 'bound {{instance}}' },
          ],
          unit: 'bytes',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'Spool used',
          description: 'Spool bytes as a share of PRODUCER_SPOOL_MAX_BYTES (alert at 80 %).',
          queries: [{ expr: `${M.spoolBytes}${sel} / ${M.spoolMaxBytes}${sel}`, legend: '{{instance}}' }],
          unit: 'percentunit',
          min: 0,
          max: 1,
          redAt: 0.8,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'Kafka available, spool full',
          description: 'Kafka acknowledging (1) or not (0); spool full (1) pauses the sources.',
          queries: [
            { expr: `${M.kafkaAvailable}${sel}`, legend: 'Kafka available {{instance}}' },
            { expr: `${M.spoolFull}${sel}`, legend: 'spool full {{instance}}' },
          ],
          unit: 'none',
          min: 0,
          max: 1,
          width: 8,
        },
      ],
    },
    {
      title: 'X filtered stream',
      panels: [
        {
          kind: 'timeseries',
          title: 'Connected',
          description: '1 while connected to the X filtered stream.',
          queries: [{ expr: `${M.streamConnected}${sel}`, legend: '{{instance}}' }],
          unit: 'none',
          min: 0,
          max: 1,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'Reconnects',
          description:
            'Reconnects per interval, by reason (disconnect, stall, network, http, rate_limited, credits_exhausted, too_many_connections, oversized_frame).',
          queries: [{ expr: sumIncrease(M.streamReconnects, job, ['reason']), legend: '{{reason}}' }],
          unit: 'short',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'In-stream error payloads',
          description: 'Error payloads X sent in the stream (operational-disconnect and others), by title.',
          queries: [{ expr: sumIncrease(M.streamErrorPayloads, job, ['title']), legend: '{{title}}' }],
          unit: 'short',
          min: 0,
          width: 8,
        },
      ],
    },
    {
      title: 'X usage and cost',
      panels: [
        {
          kind: 'timeseries',
          title: 'Post reads this billing cycle',
          description:
            'Post reads of the X project this cycle (GET /2/usage/tweets), the cap, and the reads projected at the end of the cycle at the current rate. Alert at 80 % of the cap.',
          queries: [
            { expr: `max(${M.xUsagePostReads}${sel})`, legend: 'post reads' },
            { expr: `max(${M.xUsageCap}${sel})`, legend: 'cap' },
            { expr: `max(${M.xUsageProjected}${sel})`, legend: 'projected at cycle end' },
          ],
          unit: 'short',
          min: 0,
          width: 12,
        },
        {
          kind: 'stat',
          title: 'Share of the cap used',
          description: 'Post reads this cycle as a share of the cap (alert at 80 %).',
          queries: [{ expr: `max(${M.xUsagePostReads}${sel}) / max(${M.xUsageCap}${sel} > 0)` }],
          unit: 'percentunit',
          redAt: 0.8,
          width: 6,
        },
        {
          kind: 'stat',
          title: 'X refuses',
          description:
            'Instances X refuses: credits exhausted / spend limit / usage cap (402, 429 UsageCapExceeded), or TooManyConnections.',
          queries: [{ expr: `sum(${M.xCreditsExhausted}${sel}) + sum(${M.xTooManyConnections}${sel})` }],
          unit: 'none',
          redAt: 1,
          width: 6,
        },
      ],
    },
    { title: 'Dead letters', panels: [{ ...dlqPanel(Jobs.producer), width: 24 }] },
    processRow(Jobs.producer),
  ],
};
