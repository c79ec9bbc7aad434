/**
 * Field names MongoDB refuses in a stored document (and FerretDB 1.24 refuses
 * at any depth): those starting with `$` and those holding a `.`. X may send
 * such names inside `data` or `includes` (a new field, a key of a map such as
 * a country code or an annotation). They are stored percent-escaped, and only
 * they (plus any name holding `%`, so the escaping stays reversible):
 *
 * | character             | stored as |
 * |-----------------------|-----------|
 * | `%` (anywhere)        | `%25`     |
 * | `.` (anywhere)        | `%2E`     |
 * | `$` (first character) | `%24`     |
 *
 * `unescapeStorageKeys` gives back exactly what X sent. Every other name is
 * stored as is, so a query on a field X documents needs no escaping.
 */
const NEEDS_ESCAPE = /^\$|[.%]/;
const ESCAPED = /%(25|2E|24)/g;
const UNESCAPED: Readonly<Record<string, string>> = { '25': '%', '2E': '.', '24': '$' };

/** The stored form of one field name (see the table above). Pure. */
export function escapeStorageKey(key: string): string {
  if (!NEEDS_ESCAPE.test(key)) return key;
  return key.replaceAll('%', '%25').replaceAll('.', '%2E').replace(/^\$/, '%24');
}

/** The field name X sent, from its stored form. Pure. */
export function unescapeStorageKey(key: string): string {
  return key.includes('%') ? key.replace(ESCAPED, (_, code: string) => UNESCAPED[code]!) : key;
}

/** A deep copy of a JSON value with every field name escaped for storage. Pure. */
export function escapeStorageKeys<T>(value: T): T {
  return mapKeys(value, escapeStorageKey) as T;
}

/** The inverse of `escapeStorageKeys`: a stored value with X's field names. Pure. */
export function unescapeStorageKeys<T>(value: T): T {
  return mapKeys(value, unescapeStorageKey) as T;
}

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  // Object.fromEntries defines own properties, so a `__proto__` name stays data.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [rename(key), mapKeys(item, rename)]));
}
