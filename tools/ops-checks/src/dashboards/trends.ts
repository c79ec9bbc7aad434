import { dlqPanel, lagPanels, processRow } from './common-rows.js';
import { Jobs, Metrics as M } from './metrics.js';
import type { DashboardSpec } from './panels.js';
import { selector, share, sumRate } from './promql.js';

const job = { job: Jobs.trends };
const sel = selector(job);

/**
 * Trends, the consumer group that counts hashtags per minute into hashtag_trends: hashtags counted,
 * batches by result (a redelivery counts nothing twice), lag on tweets.clean, the DLQ.
 */
export const trendsDashboard: DashboardSpec = {
  uid: 'tweet-pipeline-trends',
  title: 'Tweet pipeline / Trends',
  description:
    'tweets.clean (read_committed) → hashtags per minute → MongoDB hashtag_trends, exactly once. Generated; do not edit.',
  rows: [
    {
      title: 'Now',
      panels: [
        {
          kind: 'stat',
          title: 'Hashtags counted',
          description: 'Hashtag occurrences per second added to hashtag_trends (redelivered ones are not).',
          queries: [{ expr: sumRate(M.trendsHashtagsCounted, job) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Batches applied',
          description: 'Batches per second whose new counts were written and committed.',
          queries: [{ expr: sumRate(M.trendsBatches, { ...job, result: 'applied' }) }],
          unit: 'ops',
        },
        {
          kind: 'stat',
          title: 'Already counted',
          description:
            'Share of batches whose hashtags were all counted before: a redelivery after a crash, rebalance or ' +
            'offset reset. Steady outside such events: two writers share a partition.',
          queries: [{ expr: share(M.trendsBatches, { ...job, result: 'already_applied' }) }],
          unit: 'percentunit',
        },
        {
          kind: 'stat',
          title: 'Lag',
          description: 'Records of tweets.clean the group still has to read, all partitions.',
          queries: [{ expr: `sum(max by (group, topic, partition) (${M.consumerLag}${sel}))` }],
          unit: 'short',
        },
        {
          kind: 'stat',
          title: 'Sent to the DLQ',
          description: 'Records per second sent to tweets.dlq (invalid CleanTweet). Any is an alert.',
          queries: [{ expr: sumRate(M.dlqMessages, { service: Jobs.trends }) }],
          unit: 'ops',
          redAt: 0.001,
        },
        {
          kind: 'stat',
          title: 'Instances up',
          description: 'Instances Prometheus can scrape.',
          queries: [{ expr: `sum(${M.up}${sel})` }],
          unit: 'short',
        },
      ],
    },
    {
      title: 'Counting',
      panels: [
        {
          kind: 'timeseries',
          title: 'Batches by result',
          description: 'Batches per second: applied, already_applied (a redelivery), no_hashtags.',
          queries: [{ expr: sumRate(M.trendsBatches, job, ['result']), legend: '{{result}}' }],
          unit: 'ops',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'Hashtags counted',
          description: 'Hashtag occurrences per second added to the per-minute counts.',
          queries: [{ expr: sumRate(M.trendsHashtagsCounted, job), legend: 'hashtags' }],
          unit: 'ops',
          min: 0,
          width: 8,
        },
        {
          kind: 'timeseries',
          title: 'Hashtags per applied batch',
          description:
            'Hashtag occurrences each written batch carries: a batch costs one read and one bulk write, so ' +
            'fuller batches amortise them (TRENDS_MAX_BATCH_SIZE).',
          queries: [
            {
              expr: `${sumRate(M.trendsHashtagsCounted, job)} / ${sumRate(M.trendsBatches, { ...job, result: 'applied' })}`,
              legend: 'hashtags per batch',
            },
          ],
          unit: 'short',
          min: 0,
          width: 8,
        },
      ],
    },
    {
      title: 'Lag and dead letters',
      panels: [...lagPanels(Jobs.trends).map((p) => ({ ...p, width: 8 })), { ...dlqPanel(Jobs.trends), width: 8 }],
    },
    processRow(Jobs.trends),
  ],
};
