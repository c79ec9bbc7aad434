/** One query of one panel of a dashboard in Grafana's JSON model. */
export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

interface JsonPanel {
  readonly title?: string;
  readonly type?: string;
  readonly targets?: readonly { readonly refId?: string; readonly expr?: string }[];
  readonly panels?: readonly JsonPanel[];
}

/**
 * Every query of every panel (rows' nested panels included), from dashboard
 * JSON as Grafana stores it. A panel of a data type without a query, or a
 * query without an expression, is reported with `expr` '' so a check fails on it.
 */
export function panelQueries(dashboard: unknown): PanelQuery[] {
  const { title, panels } = dashboard as { title?: string; panels?: readonly JsonPanel[] };
  const out: PanelQuery[] = [];
  const visit = (panel: JsonPanel): void => {
    if (panel.type === 'row') {
      panel.panels?.forEach(visit);
      return;
    }
    const targets = panel.targets ?? [];
    if (targets.length === 0) out.push({ dashboard: title ?? '?', panel: panel.title ?? '?', refId: '', expr: '' });
    for (const target of targets) {
      out.push({
        dashboard: title ?? '?',
        panel: panel.title ?? '?',
        refId: target.refId ?? '',
        expr: target.expr ?? '',
      });
    }
  };
  panels?.forEach(visit);
  return out;
}

/** A dashboard query as Prometheus can run it: Grafana's interval variables replaced by a fixed window. */
export function withFixedIntervals(expr: string, window = '30s'): string {
  return expr.replaceAll('$__rate_interval', window).replaceAll('$__interval', window).replaceAll('$__range', window);
}
