import type { RawStreamMessage } from '@tweet-pipeline/contracts';
import { richMessage, type RichShape } from '@tweet-pipeline/synthetic';

/** A plain post about music, then reshaped as X sends a long, edited, media, poll, place or referenced post. */
export function richRaw(shape: RichShape, id = '1900000000000000101'): RawStreamMessage {
  const text = '@kat new music tonight #music https://t.co/abc';
  return richMessage(
    {
      data: {
        id,
        text,
        author_id: '4602771083',
        created_at: '2026-01-01T10:00:00.000Z',
        lang: 'en',
        entities: {
          mentions: [{ start: 0, end: 4, username: 'kat' }],
          hashtags: [{ start: 20, end: 26, tag: 'music' }],
          urls: [{ start: 27, end: 46, url: 'https://t.co/abc', expanded_url: 'https://example.com/a' }],
        },
      },
      includes: {
        users: [
          { id: '4602771083', username: 'dj', name: 'DJ' },
          { id: '4602771084', username: 'kat', name: 'Kat' },
        ],
      },
      matching_rules: [{ id: '1377650087799754753', tag: 'music' }],
    },
    shape,
  );
}
