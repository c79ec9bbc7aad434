import { RAW_HEADERS } from './adversarial-corpus.js';

export interface ValidTweet {
  readonly id: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The n-th known-good music tweet put around the corpus entries: a stream
 * message with author and rule, ids distinct from the corpus's.
 */
export function validTweet(n: number): ValidTweet {
  const id = `1800000000000000${String(n).padStart(3, '0')}`;
  const value = JSON.stringify({
    data: { id, text: `good #music number ${n}`, author_id: '9', lang: 'en', created_at: '2021-04-01T12:00:00.000Z' },
    includes: { users: [{ id: '9', username: 'kat', name: 'Kat' }] },
    matching_rules: [{ id: '1377650087799754753', tag: 'music' }],
  });
  return { id, value, headers: RAW_HEADERS };
}
