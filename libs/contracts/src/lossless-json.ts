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
  // The reviver makes parsing ~3x slower; skip it when no number can be unsafe and the
  // nesting is too shallow for it to fail — the result is then the same.
  if (plainParseIsExact(text)) return JSON.parse(text);
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

const MIN_UNSAFE_DIGITS = 16; // 2^53 has 16 digits: shorter integers are exact doubles
const SHALLOW = 512;

/**
 * One pass over the text: no run of 16 digits outside strings (ids inside
 * strings are fine), brackets never deeper than SHALLOW. Malformed text may
 * pass; JSON.parse then rejects it as it would have anyway.
 */
function plainParseIsExact(text: string): boolean {
  let digits = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c >= 48 && c <= 57) {
      if (++digits >= MIN_UNSAFE_DIGITS) return false;
      continue;
    }
    digits = 0;
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > SHALLOW) return false;
    } else if (c === 93 || c === 125) depth--;
  }
  return true;
}
