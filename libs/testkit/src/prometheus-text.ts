/**
 * Sums the samples of one metric in Prometheus text format, optionally only
 * those whose labels include `match`. Enough for a console summary; a real
 * Prometheus does the querying in production.
 */
export function sumMetric(text: string, name: string, match: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const parsed = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (parsed === null || parsed[1] !== name) continue;
    const labels = parseLabels(parsed[2] ?? '');
    if (Object.entries(match).every(([key, value]) => labels[key] === value)) sum += Number(parsed[3]);
  }
  return sum;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
  return labels;
}

/**
 * The q-quantile (0..1) of a Prometheus histogram in text format, summed over
 * every label set, interpolated linearly inside the bucket as Prometheus'
 * `histogram_quantile` does. NaN when the histogram is empty.
 */
export function histogramQuantile(text: string, name: string, q: number): number {
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const parsed = /^([a-zA-Z_:][\w:]*)_bucket\{(.*)\}\s+(\S+)/.exec(line);
    if (parsed === null || parsed[1] !== name) continue;
    const le = /le="([^"]+)"/.exec(parsed[2] ?? '')?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(parsed[3]));
  }
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) return previousBound;
      const inBucket = count - previousCount;
      return inBucket === 0 ? bound : previousBound + ((bound - previousBound) * (rank - previousCount)) / inBucket;
    }
    previousBound = bound;
    previousCount = count;
  }
  return previousBound;
}
