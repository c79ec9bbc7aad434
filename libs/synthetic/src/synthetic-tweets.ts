import type { RawStreamMessage } from '@tweet-pipeline/contracts';
import { isScheduled, seededRandom } from './prng.js';
import { richMessage, RichShapes } from './rich-tweets.js';

export interface SyntheticOptions {
  readonly seed: number;
  /** Share of tweets whose text holds `music` or `#music`. */
  readonly musicRatio: number;
  /** Share of emitted records that repeat an earlier tweet exactly (same id, same bytes). */
  readonly duplicateRatio: number;
  /** Share of emitted records that are malformed JSON (to exercise the DLQ). */
  readonly invalidRatio: number;
  /** Epoch ms the ids' timestamps start from; ids grow like X snowflakes. */
  readonly startMs?: number;
  /**
   * Share of tweets sent in one of the `RichShapes` (long, edited, media,
   * poll, place, referenced posts), in turn; 0 (the default) sends none.
   * Takes no random draws, so the other categories stay as without it.
   */
  readonly richRatio?: number;
}

export type SyntheticRecord =
  | { readonly kind: 'tweet'; readonly key: string; readonly message: RawStreamMessage; readonly music: boolean }
  | { readonly kind: 'duplicate'; readonly key: string; readonly message: RawStreamMessage; readonly music: boolean }
  | { readonly kind: 'invalid'; readonly key: string; readonly bytes: string };

const X_EPOCH_MS = 1_288_834_974_657n;
const WORDS = [
  'today',
  'night',
  'love',
  'new',
  'live',
  'show',
  'city',
  'coffee',
  'weekend',
  'game',
  'team',
  'rain',
  'sun',
  'friends',
  'work',
  'train',
  'art',
  'book',
  'film',
  'dinner',
  'happy',
  'great',
  'wow',
  'road',
  'trip',
  'news',
];
const MUSIC_PHRASES = ['music', '#music', 'new music', 'Music', '#Music', 'MUSIC'];
const HASHTAGS = ['tbt', 'news', 'travel', 'food', 'sports', 'art', 'photography', 'nowplaying', 'weekend'];
const USERS = Array.from({ length: 50 }, (_, i) => ({
  id: (1_000_000_000_000_000_000n + BigInt(i) * 7_919n).toString(),
  username: `user_${i}`,
  name: `Synthetic User ${i}`,
}));
const EMOJI = ['🎵', '🔥', '😂', '❤️', '🎸', '👍🏽', '🇫🇷'];

/**
 * An endless, reproducible sequence of X API v2 filtered-stream messages
 * (`data`, `includes.users`, `matching_rules`) with 64-bit ids, hashtags,
 * mentions, urls and emoji. Category shares are exact (not sampled), so a test
 * knows how many records of each kind a run of n holds: floor(n·duplicateRatio)
 * duplicates; of the rest, floor(m·invalidRatio) invalid; of the tweets,
 * floor(t·musicRatio) about music.
 */
export class SyntheticTweets {
  private readonly random: () => number;
  private readonly emitted: { key: string; message: RawStreamMessage; music: boolean }[] = [];
  private index = 0;
  private originalIndex = 0;
  private tweetIndex = 0;
  private richIndex = 0;
  private richCount = 0;
  private sequence = 0n;

  constructor(private readonly options: SyntheticOptions) {
    this.random = seededRandom(options.seed);
  }

  next(): SyntheticRecord {
    if (isScheduled(this.index++, this.options.duplicateRatio) && this.emitted.length > 0) {
      const earlier = this.emitted[Math.floor(this.random() * this.emitted.length)]!;
      return { kind: 'duplicate', ...earlier };
    }
    if (isScheduled(this.originalIndex++, this.options.invalidRatio)) {
      const id = this.nextId();
      return { kind: 'invalid', key: id, bytes: `{"data": {"id": "${id}", "text": "cut off mid-JSON` };
    }
    const music = isScheduled(this.tweetIndex++, this.options.musicRatio);
    let message = this.tweet(music);
    if (isScheduled(this.richIndex++, this.options.richRatio ?? 0)) {
      message = richMessage(message, RichShapes[this.richCount++ % RichShapes.length]!);
    }
    const tweet = { key: '', message, music };
    tweet.key = tweet.message.data.id;
    this.remember(tweet);
    return { kind: 'tweet', ...tweet };
  }

  private remember(tweet: { key: string; message: RawStreamMessage; music: boolean }): void {
    // Bounded: X redelivers recent tweets, not ancient ones.
    if (this.emitted.length >= 10_000) this.emitted.splice(0, 1_000);
    this.emitted.push(tweet);
  }

  private nextId(): string {
    const ms = BigInt(this.options.startMs ?? 1_700_000_000_000) + this.sequence / 4096n;
    const id = ((ms - X_EPOCH_MS) << 22n) | (7n << 12n) | (this.sequence % 4096n);
    this.sequence++;
    return id.toString();
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private tweet(music: boolean): RawStreamMessage {
    const id = this.nextId();
    const author = this.pick(USERS);
    const authorId = author.id;
    const mention = this.pick(USERS).username;
    const tag = this.pick(HASHTAGS);
    const url = `https://t.co/${id.slice(-10)}`;
    const words = Array.from({ length: 4 + Math.floor(this.random() * 8) }, () => this.pick(WORDS));
    if (music) words.splice(Math.floor(this.random() * words.length), 0, this.pick(MUSIC_PHRASES));
    const parts = [`@${mention}`, ...words, `#${tag}`, this.pick(EMOJI), url];
    const text = parts.join(' ');
    return {
      data: {
        id,
        text,
        author_id: authorId,
        created_at: new Date(Number(BigInt(id) >> 22n) + Number(X_EPOCH_MS)).toISOString(),
        lang: 'en',
        entities: {
          mentions: [entity(text, `@${mention}`, { username: mention })],
          hashtags: [...hashtagsIn(text)].map((h) => entity(text, `#${h}`, { tag: h })),
          urls: [
            entity(text, url, {
              url,
              expanded_url: `https://example.com/${tag}/${id}`,
              display_url: `example.com/${tag}`,
            }),
          ],
        },
      },
      includes: { users: [{ id: authorId, username: author.username, name: author.name }] },
      matching_rules: [{ id: '1377650087799754753', tag: 'synthetic' }],
    };
  }
}

function hashtagsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/#(\w+)/gu)].map((m) => m[1]!));
}

/** X entity offsets count code points, not UTF-16 units. */
function entity<T extends object>(text: string, needle: string, fields: T): T & { start: number; end: number } {
  const at = text.indexOf(needle);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, ...fields };
}
