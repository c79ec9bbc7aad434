import type { Message } from '@tweet-pipeline/kafka';
import type { CleanTweet } from '@tweet-pipeline/contracts';
import { cleanTweet } from './clean-tweet.js';

const TAGS = ['music', 'jazz', 'Rock', 'kpop', 'lofi', 'ñandú', 'vinyl'];
const BASE_MS = Date.UTC(2025, 5, 15, 14, 0, 0);

/**
 * `count` deterministic CleanTweets over eight minutes: zero to three
 * hashtags each (one written in two cases), some with a `+05:30` offset,
 * every tenth without created_at (so counted at received_at).
 */
export function tweetStream(count: number, seed: number): CleanTweet[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(BASE_MS + ((i * 7_919 + seed) % 480) * 1_000);
    const createdAt = i % 10 === 0 ? null : i % 3 === 0 ? shiftedIso(at) : at.toISOString();
    const tags = TAGS.filter((_, t) => (i + seed + t * 3) % (t + 2) === 0).slice(0, 3);
    if (i % 11 === 0 && tags.includes('music')) tags.push('MUSIC');
    const id = (1_900_000_000_000_000_000n + BigInt(seed) * 1_000_000n + BigInt(i)).toString();
    return cleanTweet({ id, hashtags: tags, createdAt, receivedAt: new Date(BASE_MS + 3_600_000 + i).toISOString() });
  });
}

export function toRecord(tweet: CleanTweet): Message {
  return { key: tweet.id, value: JSON.stringify(tweet) };
}

/**
 * The counts the trend documents must hold, worked out independently of the
 * service's code: UTC minute of created_at (else received_at), distinct
 * lower-case hashtags.
 */
export function expectedCounts(tweets: readonly CleanTweet[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tweet of tweets) {
    const ms = new Date(tweet.created_at ?? tweet.received_at).getTime();
    const minute = new Date(ms - (ms % 60_000)).toISOString().replace(':00.000Z', 'Z');
    for (const tag of new Set(tweet.hashtags.map((h) => h.toLowerCase()))) {
      const id = `${minute}|${tag}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** The same instant written in India Standard Time. */
function shiftedIso(at: Date): string {
  const local = new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 23);
  return `${local}+05:30`;
}
