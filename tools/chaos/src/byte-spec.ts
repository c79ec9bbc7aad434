import type { ByteSpec } from './corpus-entry.js';

/** The bytes a spec stands for. */
export function specBytes(spec: ByteSpec): Buffer {
  if ('utf8' in spec) return Buffer.from(spec.utf8, 'utf8');
  if ('base64' in spec) return Buffer.from(spec.base64, 'base64');
  if ('concat' in spec) return Buffer.concat(spec.concat.map(specBytes));
  const unit = specBytes(spec.repeat);
  return Buffer.alloc(unit.length * spec.times, unit);
}

export const utf8 = (text: string): ByteSpec => {
  // A lone surrogate would silently become U+FFFD: such bytes belong in base64.
  if (Buffer.from(text, 'utf8').toString('utf8') !== text) throw new Error(`not well-formed Unicode: ${text}`);
  return { utf8: text };
};

/** Bytes given as text (UTF-8) and byte arrays, stored as base64. */
export const binary = (...parts: readonly (string | readonly number[])[]): ByteSpec => ({
  base64: Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))).toString('base64'),
});

export const concat = (...parts: readonly (string | ByteSpec)[]): ByteSpec => ({
  concat: parts.map((p) => (typeof p === 'string' ? utf8(p) : p)),
});

export const repeat = (unit: string, times: number): ByteSpec => ({ repeat: utf8(unit), times });
