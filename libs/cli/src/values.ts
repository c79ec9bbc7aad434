import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './usage-error.js';

// Value parsers for `option({ parse })`: each throws a UsageError saying what was expected; the
// parser puts the option and the text in front (`--rate=abc: expected a positive integer`).

/** A whole number in decimal digits (no `1e3`, no `0x10`, no empty string), within the bounds given. */
export function integer(bounds: { min?: number; max?: number } = {}): (text: string) => number {
  const { min, max } = bounds;
  const expected =
    min !== undefined && max !== undefined
      ? `an integer from ${min} to ${max}`
      : min === 1
        ? 'a positive integer'
        : min === 0
          ? 'a non-negative integer'
          : min !== undefined
            ? `an integer ≥ ${min}`
            : max !== undefined
              ? `an integer ≤ ${max}`
              : 'an integer';
  return (text) => {
    const value = Number(text);
    const ok =
      /^[+-]?\d+$/.test(text.trim()) &&
      Number.isSafeInteger(value) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
    if (!ok) throw new UsageError(`expected ${expected}`);
    return value;
  };
}

/** A decimal number such as `0.5` or `30` (no exponent), at least `min` or strictly above `above`. */
export function decimal(bounds: { min?: number; above?: number } = {}): (text: string) => number {
  const { min, above } = bounds;
  const expected = above !== undefined ? `a number > ${above}` : min !== undefined ? `a number ≥ ${min}` : 'a number';
  return (text) => {
    const value = Number(text);
    const ok =
      /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text.trim()) &&
      Number.isFinite(value) &&
      (min === undefined || value >= min) &&
      (above === undefined || value > above);
    if (!ok) throw new UsageError(`expected ${expected}`);
    return value;
  };
}

/**
 * A comma-separated selection from `known` (`--only=a,b`): returned in the order of `known`, each
 * once, so a selection runs the same whatever order it was typed in. `what` names one item in
 * messages: `unknown trial meteor (known: …)`.
 */
export function nameList<N extends string>(known: readonly N[], what: string): (text: string) => N[] {
  return (text) => {
    const asked = text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = asked.filter((s) => !(known as readonly string[]).includes(s));
    if (unknown.length > 0) throw new UsageError(`unknown ${what} ${unknown.join(', ')} (known: ${known.join(', ')})`);
    if (asked.length === 0) throw new UsageError(`names no ${what}`);
    return known.filter((name) => asked.includes(name));
  };
}

/** Any text, as given. */
export function text(): (text: string) => string {
  return (value) => value;
}

/**
 * A path, made absolute against the directory the person ran the command from (npm's INIT_CWD:
 * `npm run` itself runs in the repository root), not the one the script changed to.
 */
export function filePath(): (text: string) => string {
  return (value) => resolve(process.env.INIT_CWD ?? process.cwd(), value);
}

/** A path (see `filePath`) that must be an existing directory, so a typo fails before any work. */
export function existingDirectory(): (text: string) => string {
  const toPath = filePath();
  return (value) => {
    const dir = toPath(value);
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`${dir} does not exist`);
    if (!stat.isDirectory()) throw new UsageError(`${dir} is not a directory`);
    return dir;
  };
}

/** A path (see `filePath`) that must be an existing file, so a typo fails before anything connects. */
export function existingFile(): (text: string) => string {
  const toPath = filePath();
  return (value) => {
    const file = toPath(value);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`${file} does not exist`);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    return file;
  };
}
