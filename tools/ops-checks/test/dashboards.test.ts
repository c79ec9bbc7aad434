import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'vitest';
import {
  dashboardsDir,
  dashboardText,
  generatedDashboards,
  metricNamesIn,
  panelQueries,
  PROMETHEUS,
} from '../src/index.js';
import { knownSeriesNames } from './helpers/known-metrics.js';

interface JsonPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: unknown;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly targets?: readonly { datasource?: unknown }[];
}

const generated = generatedDashboards();
const panelsOf = (dashboard: unknown): JsonPanel[] => (dashboard as { panels: JsonPanel[] }).panels;

test('the committed dashboards are exactly what the generator produces', async () => {
  const committed = (await readdir(dashboardsDir)).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(committed, [...generated.keys()].sort(), 'a dashboard file without a generator, or missing');
  for (const [file, dashboard] of generated) {
    const text = await readFile(join(dashboardsDir, file), 'utf8');
    assert.deepEqual(
      JSON.parse(text),
      dashboard,
      `${file} differs from the generator: run \`node tools/ops-checks/dist/src/generate-dashboards.js\``,
    );
    assert.equal(text, await dashboardText(file, dashboard), `${file} is not formatted as generated`);
  }
});

test('every panel has queries, and every query references only metrics the services define', async () => {
  const known = await knownSeriesNames();
  const problems: string[] = [];
  for (const dashboard of generated.values()) {
    for (const q of panelQueries(dashboard)) {
      const where = `${q.dashboard} / ${q.panel} ${q.refId}`;
      if (q.expr === '') problems.push(`${where}: no query`);
      const names = metricNamesIn(q.expr);
      if (q.expr !== '' && names.length === 0) problems.push(`${where}: selects no metric: ${q.expr}`);
      for (const name of names) if (!known.has(name)) problems.push(`${where}: unknown metric ${name}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every panel uses the provisioned Prometheus datasource, with a unique id, inside the grid', () => {
  const uids = new Set<string>();
  for (const [file, dashboard] of generated) {
    const { uid } = dashboard as { uid: string };
    assert.ok(!uids.has(uid), `${file}: uid ${uid} used twice`);
    uids.add(uid);
    const ids = new Set<number>();
    for (const panel of panelsOf(dashboard)) {
      assert.ok(!ids.has(panel.id), `${file}: panel id ${panel.id} used twice`);
      ids.add(panel.id);
      assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${file}: ${panel.title} overflows the grid`);
      if (panel.type === 'row') continue;
      assert.deepEqual(panel.datasource, PROMETHEUS, `${file}: ${panel.title}`);
      for (const target of panel.targets ?? [])
        assert.deepEqual(target.datasource, PROMETHEUS, `${file}: ${panel.title}`);
    }
  }
});

test('the overview shows every stage, latency, lag, the DLQ, the stream and the spool', () => {
  const overview = generated.get('pipeline-overview.json');
  const exprs = panelQueries(overview)
    .map((q) => q.expr)
    .join('\n');
  for (const metric of [
    'tweet_pipeline_producer_tweets_received_total',
    'tweet_pipeline_filter_messages_total',
    'tweet_pipeline_sink_documents_total',
    'tweet_pipeline_end_to_end_latency_seconds_bucket',
    'tweet_pipeline_consumer_lag',
    'tweet_pipeline_dlq_messages_total',
    'tweet_pipeline_producer_stream_connected',
    'tweet_pipeline_producer_stream_reconnects_total',
    'tweet_pipeline_producer_spool_bytes',
    'tweet_pipeline_producer_spool_max_bytes',
  ]) {
    assert.ok(exprs.includes(metric), `the overview does not show ${metric}`);
  }
});
