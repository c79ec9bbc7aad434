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
