/**
 * Small PromQL builders for the panels, so the same shapes (per-second rate
 * over Grafana's rate interval, quantiles of a histogram, ratios) read the
 * same on every dashboard.
 */
const RATE = '[$__rate_interval]';

/** `{a="b",c=~"d"}` from a record; empty when there is nothing to select. */
export function selector(labels: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(labels).map(([name, value]) =>
    value.startsWith('~') ? `${name}=~"${value.slice(1)}"` : `${name}="${value}"`,
  );
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

/** Per-second rate of a counter, summed (by `by`, when given). */
export function sumRate(metric: string, labels?: Readonly<Record<string, string>>, by: readonly string[] = []): string {
  const inner = `rate(${metric}${selector(labels)}${RATE})`;
  return by.length === 0 ? `sum(${inner})` : `sum by (${by.join(', ')}) (${inner})`;
}

/** Events of a counter per rate interval (for rare events such as reconnects). */
export function sumIncrease(
  metric: string,
  labels?: Readonly<Record<string, string>>,
  by: readonly string[] = [],
): string {
  const inner = `increase(${metric}${selector(labels)}${RATE})`;
  return by.length === 0 ? `sum(${inner})` : `sum by (${by.join(', ')}) (${inner})`;
}

/** The q-quantile of a histogram over the rate interval, across instances. */
export function quantile(q: number, histogram: string, labels?: Readonly<Record<string, string>>): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket${selector(labels)}${RATE})))`;
}

/** Share of a counter's rate that has the given labels. */
export function share(metric: string, part: Readonly<Record<string, string>>): string {
  return `${sumRate(metric, part)} / ${sumRate(metric)}`;
}

/**
 * Total lag of each group on each topic. Every instance of a consumer service
 * reports its whole group, so instances are collapsed with max, not summed.
 */
export function groupLag(metric: string, labels?: Readonly<Record<string, string>>): string {
  return `sum by (group, topic) (max by (group, topic, partition) (${metric}${selector(labels)}))`;
}
