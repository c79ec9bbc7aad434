/**
 * Parses JSON like JSON.parse, except that an integer too large for a double
 * (X's numeric rule ids exceed 2^53) is returned as an exact BigInt instead of
 * a rounded number. A BigInt, not a string: a schema can still tell that the
 * JSON held a number where it wants a string (a numeric tweet id is invalid). Uses the reviver's source text (ES2025 JSON.parse
 * source text access), so no third-party parser is needed.
 *
 * @throws SyntaxError on malformed JSON, exactly as JSON.parse does, and also
 *   when the text nests too deeply to revive (V8 walks the reviver
 *   recursively and would throw RangeError from a few thousand levels on).
 */
export function parseJsonLossless(text: string): unknown {
  try {
    return JSON.parse(text, reviveUnsafeInteger as Reviver);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new SyntaxError(`JSON nested too deeply to parse (${err.message})`, { cause: err });
    }
    throw err;
  }
}

type Reviver = (this: unknown, key: string, value: unknown) => unknown;

function reviveUnsafeInteger(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined) {
    if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
  }
  return value;
}
