/** A JSON value as the lossless parser yields it, with no BigInt left. */
export type XJson = null | boolean | number | string | XJson[] | { [key: string]: XJson };

/**
 * A deep copy of a parsed X object that `JSON.stringify` can write: an
 * integer beyond 2^53 (a BigInt from `parseJsonLossless`) becomes its exact
 * decimal string, as X's own ids are. Keys are copied as own data properties,
 * so a `__proto__` key stays a plain key. Pure.
 */
export function toXJson(value: unknown): XJson {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value as XJson;
  if (Array.isArray(value)) return value.map(toXJson);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toXJson(item)]));
}

/** `toXJson` of an object, typed as one. */
export function toXObject(value: object): { [key: string]: XJson } {
  return toXJson(value) as { [key: string]: XJson };
}
