import {
  BigValueColorMode,
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  MappingType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** The provisioned Prometheus datasource (ops/grafana/provisioning/datasources/prometheus.yml). */
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' } as const;

export interface Query {
  readonly expr: string;
  readonly legend?: string;
}

/** One panel, described by what it shows; turned into the SDK's typed panel by `buildDashboard`. */
export interface PanelSpec {
  readonly kind: 'timeseries' | 'stat';
  readonly title: string;
  readonly description: string;
  readonly queries: readonly Query[];
  /** A Grafana unit id: ops, s, bytes, percentunit, short, none. */
  readonly unit: string;
  /** Grid columns out of 24; 12 for a time series, 4 for a stat by default. */
  readonly width?: number;
  readonly min?: number;
  readonly max?: number;
  /** Value at which the panel turns red (an alert threshold shown where people look). */
  readonly redAt?: number;
  /** For a 0/1 gauge: what 0 and 1 mean, coloured red and green. */
  readonly states?: { readonly 0: string; readonly 1: string };
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly RowSpec[];
}

/** Prometheus' series of the alerts that fire (ops/prometheus/alerts.yml). */
export const ALERTS_FIRING = 'ALERTS{alertstate="firing"}';

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function thresholds(spec: PanelSpec): ThresholdsConfigBuilder {
  const steps =
    spec.states !== undefined
      ? [
          { value: null, color: 'red' },
          { value: 1, color: 'green' },
        ]
      : spec.redAt !== undefined
        ? [
            { value: null, color: 'green' },
            { value: spec.redAt, color: 'red' },
          ]
        : [{ value: null, color: 'green' }];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

function mappings(spec: PanelSpec): ValueMapping[] {
  if (spec.states === undefined) return [];
  return [
    {
      type: MappingType.ValueToText,
      options: {
        '0': { text: spec.states[0], color: 'red', index: 0 },
        '1': { text: spec.states[1], color: 'green', index: 1 },
      },
    },
  ];
}

function panel(spec: PanelSpec, id: number): TimeseriesPanelBuilder | StatPanelBuilder {
  const builder =
    spec.kind === 'stat'
      ? new StatPanelBuilder()
          .graphMode(BigValueGraphMode.Area)
          .colorMode(
            spec.states !== undefined || spec.redAt !== undefined ? BigValueColorMode.Value : BigValueColorMode.None,
          )
          .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
          .span(spec.width ?? 4)
          .height(4)
      : new TimeseriesPanelBuilder()
          .legend(
            new VizLegendOptionsBuilder()
              .showLegend(true)
              .displayMode(LegendDisplayMode.List)
              .placement(LegendPlacement.Bottom)
              .calcs([]),
          )
          .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
          .fillOpacity(10)
          .span(spec.width ?? 12)
          .height(8);
  builder
    .id(id)
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .thresholds(thresholds(spec))
    .mappings(mappings(spec));
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  spec.queries.forEach((query, i) => {
    const target = new DataqueryBuilder()
      .datasource(PROMETHEUS)
      .refId(REF_IDS[i] ?? `Q${i}`)
      .expr(query.expr)
      .range();
    if (query.legend !== undefined) target.legendFormat(query.legend);
    builder.withTarget(target);
  });
  return builder;
}

/** A dashboard in Grafana's JSON model, built with the foundation SDK's typed builders. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const dashboard = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['tweet-pipeline', 'generated'])
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .readonly()
    .variables([])
    .annotations([
      new AnnotationQueryBuilder()
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .type('dashboard')
        .name('Annotations & Alerts')
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)'),
      // When alerts of ops/prometheus/alerts.yml fired, marked on every time series.
      new AnnotationQueryBuilder()
        .datasource(PROMETHEUS)
        .name('Firing alerts')
        .enable(true)
        .iconColor('red')
        .expr(ALERTS_FIRING)
        .step('60s')
        .titleFormat('{{alertname}}')
        .textFormat('{{severity}} {{job}} {{instance}}')
        .useValueForTime(false),
    ]);
  let id = 1;
  for (const row of spec.rows) {
    dashboard.withRow(new RowBuilder(row.title).id(id++));
    for (const p of row.panels) dashboard.withPanel(panel(p, id++));
  }
  return dashboard.build();
}
