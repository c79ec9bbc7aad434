/**
 * The UTF-8 length of `JSON.stringify(value)`, without building the string.
 * An object reached several times (CleanTweet v2's expansions share the
 * objects of `includes`) is measured once, so a message that points at one
 * large object many times is measured in time linear in its own size, then
 * refused, instead of being serialised to many megabytes first. Pure.
 */
export function jsonByteLength(value: unknown, memo = new WeakMap<object, number>()): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return Buffer.byteLength(JSON.stringify(value));
    case 'number':
    case 'boolean':
      return String(JSON.stringify(value)).length;
    case 'object':
      break;
    default:
      return 0; // undefined and functions are left out by JSON.stringify (a BigInt never reaches here: toXJson)
  }
  const known = memo.get(value);
  if (known !== undefined) return known;
  let bytes = 2; // the brackets
  if (Array.isArray(value)) {
    // JSON.stringify writes `null` for an undefined item.
    for (const item of value) bytes += (item === undefined ? 4 : jsonByteLength(item, memo)) + 1;
    if (value.length > 0) bytes--;
  } else {
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      bytes += (first ? 0 : 1) + Buffer.byteLength(JSON.stringify(key)) + 1 + jsonByteLength(item, memo);
      first = false;
    }
  }
  memo.set(value, bytes);
  return bytes;
}
