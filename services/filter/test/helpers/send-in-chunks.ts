import type { Message, Producer } from '@tweet-pipeline/kafka';

/**
 * Sends chunks of messages to `topic` with several chunks in flight at once
 * and resolves when the broker acknowledged all of them. One awaited send at
 * a time leaves the producer idle during every round trip; a few in flight
 * keep its batches full. Chunks are taken lazily, so a caller can stream
 * millions of records without holding them all.
 */
export async function sendInChunks(
  producer: Producer,
  topic: string,
  chunks: Iterable<Message[]>,
  inFlight = 4,
): Promise<void> {
  const source = chunks[Symbol.iterator]();
  const lane = async (): Promise<void> => {
    for (let next = source.next(); next.done !== true; next = source.next()) {
      await producer.send({ topic, messages: next.value });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/** `items` cut into arrays of at most `size`, in order. */
export function* chunked<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let from = 0; from < items.length; from += size) yield items.slice(from, from + size);
}
