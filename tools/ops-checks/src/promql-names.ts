const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'atan2',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. A small lexer, not a parser:
 * strings, label matchers, ranges and grouping label lists are removed, then
 * every identifier not called as a function and not a keyword is a metric.
 * Enough for the expressions of our dashboards; Prometheus itself checks the
 * syntax (test/monitoring.int.test.ts).
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][\w:]*|\d[\w.]*/g)) {
    const token = match[0];
    if (/^\d/.test(token)) continue;
    if (NOT_METRICS.has(token.toLowerCase())) continue;
    const rest = stripped.slice((match.index ?? 0) + token.length);
    if (/^\s*\(/.test(rest)) continue;
    names.add(token);
  }
  return [...names];
}
