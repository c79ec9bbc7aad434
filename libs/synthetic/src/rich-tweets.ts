import type { RawStreamMessage } from '@tweet-pipeline/contracts';

/**
 * The post shapes beyond plain text that X sends and a data team keeps: a
 * long post (`note_tweet`), an edited post (an `edit_history_tweet_ids`
 * chain), media, a poll, a place, and references to other posts (quote and
 * reply, with those posts and their authors in `includes`).
 */
export const RichShapes = ['long', 'edited', 'media', 'poll', 'place', 'referenced'] as const;
export type RichShape = (typeof RichShapes)[number];

/** X cuts `text` of a long post at this many characters; the rest is only in `note_tweet`. */
export const LONG_POST_CUT = 280;

type Message = RawStreamMessage;
type Entity = { start: number; end: number };

const LONG_TAIL =
  'and then the whole story, which needs more room than one short post gives: the opening act, the ' +
  'crowd singing along, the encore nobody expected, the long walk home in the rain, and the plan to ' +
  'go again next year with everyone who missed it this time. #longread';

/**
 * `message` reshaped as `shape`, as X would send it with every field and
 * expansion asked for. Deterministic in the message's id; every id it makes
 * up is derived from that id (never a JS number). Pure.
 */
export function richMessage(message: Message, shape: RichShape): Message {
  const data = message.data;
  const id = BigInt(data.id);
  const created = Date.parse(data.created_at ?? '2026-01-01T00:00:00.000Z');
  const users = message.includes?.users ?? [];
  const common = {
    ...data,
    conversation_id: data.id,
    edit_history_tweet_ids: [data.id],
    public_metrics: {
      retweet_count: 3,
      reply_count: 1,
      like_count: 12,
      quote_count: 0,
      bookmark_count: 2,
      impression_count: 480,
    },
    possibly_sensitive: false,
    reply_settings: 'everyone',
  };
  switch (shape) {
    case 'long': {
      const full = `${data.text} ${LONG_TAIL}`;
      const cut = [...full].slice(0, LONG_POST_CUT).join('');
      const fullEntities = {
        ...data.entities,
        hashtags: [...(data.entities?.hashtags ?? []), entityAt(full, '#longread', { tag: 'longread' })],
      };
      return {
        ...message,
        data: {
          ...common,
          text: cut,
          entities: within(fullEntities, [...cut].length),
          note_tweet: { text: full, entities: fullEntities },
        },
      };
    }
    case 'edited': {
      // Each edit is a new post id; the chain lists them oldest first and ends with this version.
      const chain = [id - 2_000_000n, id - 1_000_000n, id].map(String);
      return {
        ...message,
        data: {
          ...common,
          edit_history_tweet_ids: chain,
          edit_controls: { edits_remaining: 3, is_edit_eligible: true, editable_until: iso(created + 3_600_000) },
        },
      };
    }
    case 'media': {
      const keys = [`3_${id}`, `7_${id + 1n}`];
      return {
        ...message,
        data: { ...common, attachments: { media_keys: keys } },
        includes: {
          ...message.includes,
          media: [
            {
              media_key: keys[0],
              type: 'photo',
              url: `https://pbs.twimg.com/media/${data.id}.jpg`,
              width: 1200,
              height: 800,
              alt_text: 'the stage',
            },
            {
              media_key: keys[1],
              type: 'video',
              duration_ms: 15_000,
              preview_image_url: `https://pbs.twimg.com/v/${data.id}.jpg`,
              public_metrics: { view_count: 1_024 },
            },
          ],
        },
      };
    }
    case 'poll': {
      const pollId = String(id + 7n);
      return {
        ...message,
        data: { ...common, attachments: { poll_ids: [pollId] } },
        includes: {
          ...message.includes,
          polls: [
            {
              id: pollId,
              options: [
                { position: 1, label: 'vinyl', votes: 12 },
                { position: 2, label: 'streaming', votes: 30 },
              ],
              voting_status: 'open',
              duration_minutes: 1_440,
              end_datetime: iso(created + 86_400_000),
            },
          ],
        },
      };
    }
    case 'place': {
      const placeId = (id % 0xffff_ffff_ffff_ffffn).toString(16).padStart(16, '0');
      return {
        ...message,
        data: { ...common, geo: { place_id: placeId } },
        includes: {
          ...message.includes,
          places: [
            {
              id: placeId,
              full_name: 'Paris, France',
              name: 'Paris',
              country: 'France',
              country_code: 'FR',
              place_type: 'city',
              geo: { type: 'Feature', bbox: [2.224122, 48.8155755, 2.4697602, 48.902156], properties: {} },
            },
          ],
        },
      };
    }
    case 'referenced': {
      const quoted = String(id - 10_000_000n);
      const repliedTo = String(id - 20_000_000n);
      const quotedAuthor = { id: String((id % 1_000_000_000n) + 1n), username: 'quoted_author', name: 'Quoted Author' };
      const replyAuthor = { id: String((id % 1_000_000_000n) + 2n), username: 'reply_author', name: 'Reply Author' };
      return {
        ...message,
        data: {
          ...common,
          conversation_id: repliedTo,
          in_reply_to_user_id: replyAuthor.id,
          referenced_tweets: [
            { type: 'quoted', id: quoted },
            { type: 'replied_to', id: repliedTo },
          ],
        },
        includes: {
          ...message.includes,
          users: [...users, quotedAuthor, replyAuthor],
          tweets: [
            { id: quoted, text: 'the quoted post', author_id: quotedAuthor.id, edit_history_tweet_ids: [quoted] },
            {
              id: repliedTo,
              text: 'the post replied to',
              author_id: replyAuthor.id,
              edit_history_tweet_ids: [repliedTo],
            },
          ],
        },
      };
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** X entity offsets count code points, not UTF-16 units. */
function entityAt<T extends object>(text: string, needle: string, fields: T): T & Entity {
  const at = text.lastIndexOf(needle);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, ...fields };
}

/** The entities of a long post that lie within its cut `text`, as X sends them beside `note_tweet`. */
function within<E extends Record<string, unknown>>(entities: E, length: number): E {
  return Object.fromEntries(
    Object.entries(entities).map(([kind, list]) => [
      kind,
      Array.isArray(list) ? list.filter((e: Partial<Entity>) => (e.end ?? Infinity) <= length) : list,
    ]),
  ) as E;
}
