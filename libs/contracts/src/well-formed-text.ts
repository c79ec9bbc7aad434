// With the `u` flag a surrogate pair is one code point: only a lone surrogate is General_Category Cs.
// (String.prototype.isWellFormed is ES2024, beyond this project's TypeScript lib.)
const LONE_SURROGATE = /\p{Cs}/u;
const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Where a parsed X message holds a string that is not well-formed Unicode: a
 * lone surrogate, which valid JSON can carry as an escape (`"\ud800"`).
 * Stored as is, MongoDB's BSON encoder and every UTF-8 writer would replace
 * it with U+FFFD — the text silently altered. Returns the JSON path of the
 * first such string (keys included), or undefined when all are well formed.
 */
export function illFormedStringPath(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedStringPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isWellFormed(key)) return `${path} (a key)`;
      const found = illFormedStringPath(item, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The DLQ reason for a message with such a string. */
export const illFormedReason = (path: string): string =>
  `text is not well-formed Unicode (lone surrogate escape) at ${path}`;
