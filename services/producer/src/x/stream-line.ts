import { isUtf8 } from 'node:buffer';
import { illFormedReason, illFormedStringPath, isXPostId, parseJsonLossless } from '@tweet-pipeline/contracts';

export type StreamLine =
  | { readonly kind: 'tweet'; readonly id: string }
  | { readonly kind: 'error'; readonly title: string; readonly detail: string; readonly disconnect: boolean }
  | { readonly kind: 'invalid'; readonly reason: string };

interface ErrorPayloadItem {
  title?: unknown;
  detail?: unknown;
  disconnect_type?: unknown;
}

interface ErrorPayload {
  errors?: unknown[];
}

/**
 * What one message of the X stream is: a tweet (published as received), an
 * in-stream error payload such as operational-disconnect (logged and counted,
 * never published), or bytes that are not a valid message (sent to the DLQ).
 * X's contract is enforced here, at the door: a post id in X's documented form
 * (1–19 decimal digits), bytes that are UTF-8, and strings that are
 * well-formed Unicode — anything else would be stored silently altered.
 */
export function classifyStreamLine(line: Buffer | string): StreamLine {
  // Decoding would replace invalid bytes with U+FFFD without a word.
  if (typeof line !== 'string' && !isUtf8(line))
    return { kind: 'invalid', reason: 'message bytes are not valid UTF-8' };
  let json: unknown;
  try {
    json = parseJsonLossless(typeof line === 'string' ? line : line.toString('utf8'));
  } catch (err) {
    return { kind: 'invalid', reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { kind: 'invalid', reason: 'message is not a JSON object' };
  }
  const data = (json as { data?: { id?: unknown } }).data;
  if (data !== undefined) {
    if (typeof data?.id !== 'string' || !isXPostId(data.id)) {
      return { kind: 'invalid', reason: 'data.id is missing or not an X post id (1-19 decimal digits)' };
    }
    const illFormed = illFormedStringPath(json);
    if (illFormed !== undefined) return { kind: 'invalid', reason: illFormedReason(illFormed) };
    return { kind: 'tweet', id: data.id };
  }
  const errors = (json as ErrorPayload).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first: unknown = errors[0];
    // `{"errors":[null]}` used to throw a TypeError out of the stream source and the replay.
    if (first === null || typeof first !== 'object' || Array.isArray(first)) {
      return { kind: 'invalid', reason: 'errors[0] is not an object' };
    }
    const { title, detail, disconnect_type } = first as ErrorPayloadItem;
    const name = typeof title === 'string' ? title : 'error';
    return {
      kind: 'error',
      title: name,
      detail: typeof detail === 'string' ? detail : '',
      disconnect: name === 'operational-disconnect' || disconnect_type !== undefined,
    };
  }
  return { kind: 'invalid', reason: 'message has neither data nor errors' };
}
