import { MAX_RECORD_BYTES, recordBytes, type DlqErrorCode } from '@tweet-pipeline/contracts';
import { binary, concat, repeat, specBytes, utf8 } from './byte-spec.js';
import type { ByteSpec, CorpusEntry, CorpusGroup, FilterExpectation, ReplayExpectation } from './corpus-entry.js';

/** Headers the producer writes; an entry that does not test headers carries these. */
export const RAW_HEADERS: Readonly<Record<string, string>> = { source: 'replay', 'received-at': '1700000000000' };

/** Tweet ids of the corpus: 19 digits, distinct from the valid tweets around them (`validTweetId`). */
const corpusId = (n: number): string => `1900000000000000${String(n).padStart(3, '0')}`;

const dlq = (code: DlqErrorCode, extra: { truncated?: boolean; reason?: string } = {}): FilterExpectation => ({
  outcome: 'dlq',
  code,
  service: 'filter',
  ...extra,
});
const viaProducer = (code: DlqErrorCode, extra: { truncated?: boolean; reason?: string } = {}): FilterExpectation => ({
  outcome: 'dlq',
  code,
  service: 'producer',
  ...extra,
});
const pass = (clean?: Record<string, unknown>): FilterExpectation => ({
  outcome: 'pass',
  ...(clean === undefined ? {} : { clean }),
});
const published = (records = 1): ReplayExpectation => ({ outcome: 'published', records });
const replayDlq = (code: DlqErrorCode, extra: { truncated?: boolean } = {}): ReplayExpectation => ({
  outcome: 'dlq',
  code,
  ...extra,
});
const skipped: ReplayExpectation = { outcome: 'skipped' };
const errorPayload: ReplayExpectation = { outcome: 'error-payload' };

interface Draft {
  readonly kind: string;
  readonly about: string;
  /** Default: the entry's id. */
  readonly key?: ByteSpec | null | ((id: string) => ByteSpec);
  readonly value: (id: string) => ByteSpec | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly filter: FilterExpectation;
  readonly replay: ReplayExpectation | null;
}

const json = (id: string, data: Record<string, unknown> = {}, top: Record<string, unknown> = {}): ByteSpec =>
  utf8(JSON.stringify({ data: { id, text: 'music', ...data }, ...top }));

const IJ = 'INVALID_JSON';
const SV = 'SCHEMA_VIOLATION';
const KM = 'KEY_MISMATCH';
const TL = 'MESSAGE_TOO_LARGE';

const malformedJson: Draft[] = [
  {
    kind: 'truncated',
    about: 'a stream line cut off mid-string, as after a dropped connection',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music cut of`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'trailing-garbage',
    about: 'a complete object followed by bytes that are not JSON',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music"}}garbage`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'concatenated-objects',
    about: 'two messages without the delimiter between them',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music"}}{"data":{"id":"${id}","text":"music"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'single-quotes',
    about: "JavaScript-style 'strings'",
    value: (id) => utf8(`{'data':{'id':'${id}','text':'music'}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'unquoted-keys',
    about: 'JavaScript-style object keys',
    value: (id) => utf8(`{data:{id:"${id}",text:"music"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'nan-literal',
    about: 'NaN is not a JSON number',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","score":NaN}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'infinity-literal',
    about: '-Infinity is not a JSON number',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","score":-Infinity}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'hex-number',
    about: 'hexadecimal literal',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","n":0x1F}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'leading-plus-number',
    about: 'a number with a + sign',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","n":+1}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'block-comment',
    about: 'a /* comment */ before the object',
    value: (id) => utf8(`/* hand-edited */ {"data":{"id":"${id}","text":"music"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'line-comment',
    about: 'a // comment after the object',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music"}} // hand-edited`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'trailing-commas',
    about: 'commas before } as JavaScript allows',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music",},}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'bom-prefixed',
    about:
      'a UTF-8 byte-order mark before the object: RFC 8259 forbids sending one and X never does; a BOM at the ' +
      'start of a replay FILE is dropped as file metadata, one on any other line makes that line invalid',
    value: (id) => concat('\uFEFF', json(id)),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'empty-value',
    about: 'zero bytes (not a tombstone); as a replay line, an empty line: skipped and counted',
    value: () => utf8(''),
    filter: dlq(IJ),
    replay: skipped,
  },
  {
    kind: 'whitespace-only',
    about: 'spaces and tabs only; as a replay line: skipped and counted',
    value: () => utf8(' \t  \t '),
    filter: dlq(IJ),
    replay: skipped,
  },
  {
    kind: 'raw-crlf-in-string',
    about: 'an unescaped CR LF inside a string: invalid JSON; cannot be one JSONL line',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music\r\nsecond line"}}`),
    filter: dlq(IJ),
    replay: null,
  },
  {
    kind: 'bare-cr-in-string',
    about: 'an unescaped CR inside a string: invalid JSON; the replay must keep it ONE line (readline split it in two)',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music\rsecond line"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'deep-nesting-arrays',
    about: '10,000 nested arrays in an unknown field: the lossless reviver recurses and V8 throws RangeError',
    value: (id) =>
      concat(`{"data":{"id":"${id}","text":"music","deep":`, repeat('[', 10_000), repeat(']', 10_000), '}}'),
    filter: dlq(IJ, { reason: 'nested too deeply' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'deep-nesting-objects',
    about: '10,000 nested objects at the top level',
    value: (id) =>
      concat(`{"data":{"id":"${id}","text":"music"},"deep":`, repeat('{"a":', 10_000), '0', repeat('}', 10_000), '}'),
    filter: dlq(IJ, { reason: 'nested too deeply' }),
    replay: replayDlq(IJ),
  },
];

const encoding: Draft[] = [
  {
    kind: 'invalid-utf8-byte',
    about: '0xFF can never appear in UTF-8; decoding leniently would pass U+FFFD on as if X had sent it',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music `, [0xff], `"}}`),
    filter: dlq(IJ, { reason: 'not valid UTF-8' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'overlong-utf8',
    about: "C0 AF, an overlong encoding of '/', a classic filter bypass",
    value: (id) => binary(`{"data":{"id":"${id}","text":"music `, [0xc0, 0xaf], `"}}`),
    filter: dlq(IJ, { reason: 'not valid UTF-8' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'utf8-encoded-surrogate',
    about: 'ED A0 80: a UTF-16 surrogate encoded as UTF-8 (CESU-8), not valid UTF-8',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music `, [0xed, 0xa0, 0x80], `"}}`),
    filter: dlq(IJ, { reason: 'not valid UTF-8' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'truncated-utf8-sequence',
    about: 'the first two bytes of a three-byte character (E2 82 of €)',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music `, [0xe2, 0x82], `"}}`),
    filter: dlq(IJ, { reason: 'not valid UTF-8' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'latin1-text',
    about: '"café" encoded as Latin-1 (E9): the usual mis-encoded recording',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music caf`, [0xe9], `"}}`),
    filter: dlq(IJ, { reason: 'not valid UTF-8' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'utf16le-json',
    about: 'a whole message in UTF-16LE: valid UTF-8 bytes (ASCII and NUL), not JSON',
    value: (id) => ({ base64: Buffer.from(`{"data":{"id":"${id}","text":"music"}}`, 'utf16le').toString('base64') }),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'raw-nul-in-string',
    about: 'an unescaped NUL byte inside a string: control characters must be escaped',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music`, [0x00], `"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'raw-nul-after-object',
    about: 'a NUL byte after a complete object (C-string terminator leaking in)',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music"}}`, [0x00]),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'raw-control-chars-in-string',
    about: 'unescaped ESC and BEL inside a string (terminal escape injection)',
    value: (id) => binary(`{"data":{"id":"${id}","text":"music `, [0x1b], '[31m', [0x07], `"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
];

const wrongTypes: Draft[] = [
  {
    kind: 'text-number',
    about: 'data.text is a number; the producer only needs the id, so replay publishes it',
    value: (id) => json(id, { text: 42 }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'text-null',
    about: 'data.text is null',
    value: (id) => json(id, { text: null }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'id-number',
    about: 'data.id is a small JSON number, not a string',
    value: () => utf8('{"data":{"id":12345,"text":"music"}}'),
    key: utf8('12345'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'data-array',
    about: 'data is an array: the filter refuses it; the replay reads it as a search page whose one result has no id',
    value: () => utf8('{"data":[{"id":1900000000000000999,"text":"music"}]}'),
    key: null,
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'data-string',
    about: 'data is a string',
    value: (id) => utf8(`{"data":"${id}"}`),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'data-null',
    about: 'data is null',
    value: () => utf8('{"data":null}'),
    key: null,
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'lang-object',
    about: 'data.lang is an object',
    value: (id) => json(id, { lang: { code: 'en' } }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'entities-string',
    about: 'data.entities is a string',
    value: (id) => json(id, { entities: '#music' }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'hashtag-tag-number',
    about: 'data.entities.hashtags[0].tag is a number',
    value: (id) => json(id, { entities: { hashtags: [{ tag: 5 }] } }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'matching-rules-object',
    about: 'matching_rules is an object, not an array',
    value: (id) => json(id, {}, { matching_rules: { id: '1', tag: 'music' } }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'matching-rule-id-negative',
    about: 'a negative numeric rule id',
    value: (id) => json(id, {}, { matching_rules: [{ id: -1, tag: 'music' }] }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'author-id-float',
    about: 'data.author_id is a float',
    value: (id) => json(id, { author_id: 1.5 }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'author-id-unsafe-number',
    about: 'data.author_id is a JSON number beyond 2^53 (it would round)',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","author_id":1900000000000000001}}`),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'created-at-not-a-date',
    about: 'data.created_at is not an ISO date-time',
    value: (id) => json(id, { created_at: 'yesterday' }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'created-at-impossible-date',
    about: 'February 30th',
    value: (id) => json(id, { created_at: '2021-02-30T00:00:00.000Z' }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'includes-users-string',
    about: 'includes.users is a string',
    value: (id) => json(id, {}, { includes: { users: 'kat' } }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'user-without-username',
    about: 'an included user lacks username',
    value: (id) => json(id, { author_id: '9' }, { includes: { users: [{ id: '9', name: 'Kat' }] } }),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'numeric-rule-id-beyond-2^53',
    about: 'a matching rule id as a JSON number beyond 2^53, as twarc recorded them: valid, every digit kept',
    value: (id) =>
      utf8(`{"data":{"id":"${id}","text":"music"},"matching_rules":[{"id":1377650087799754753,"tag":null}]}`),
    filter: pass({ matching_rules: [{ id: '1377650087799754753', tag: null }] }),
    replay: published(),
  },
  {
    kind: 'referenced-tweet-id-number',
    about: 'data.referenced_tweets[0].id is a number',
    value: (id) => json(id, { referenced_tweets: [{ type: 'quoted', id: 7 }] }),
    filter: dlq(SV),
    replay: published(),
  },
];

const missing: Draft[] = [
  {
    kind: 'missing-id',
    about: 'data without id',
    key: null,
    value: () => utf8('{"data":{"text":"music"}}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'missing-text',
    about: 'data without text; the producer only needs the id',
    value: (id) => utf8(`{"data":{"id":"${id}"}}`),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'missing-data',
    about: 'includes only',
    key: null,
    value: () => utf8('{"includes":{"users":[]}}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'empty-object',
    about: '{}',
    key: null,
    value: () => utf8('{}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'data-only-in-proto',
    about: 'data only under "__proto__": JSON.parse makes it an own key named __proto__, never the prototype',
    value: (id) => utf8(`{"__proto__":{"data":{"id":"${id}","text":"music"}}}`),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
];

const ids: Draft[] = [
  {
    kind: 'id-number-beyond-2^53',
    about: 'data.id as a JSON number: 1900000000000000123 has no exact double',
    key: utf8('1900000000000000123'),
    value: () => utf8('{"data":{"id":1900000000000000123,"text":"music"}}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-leading-zeros',
    about: 'a leading zero makes a second spelling of the same id (dedupe bypass)',
    value: (id) => json(`0${id}`),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-negative',
    about: 'a minus sign',
    value: (id) => json(`-${id}`),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-above-u64',
    about: '2^64, one above the largest unsigned 64-bit id',
    key: utf8('18446744073709551616'),
    value: () => json('18446744073709551616'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-21-digits',
    about: 'more digits than any 64-bit id',
    value: (id) => json(`10${id}`),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-empty',
    about: 'an empty string',
    key: utf8(''),
    value: () => json(''),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-with-spaces',
    about: 'spaces around the digits',
    value: (id) => json(` ${id} `),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-exponent',
    about: 'scientific notation in a string',
    value: () => json('1.9e18'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-fullwidth-digits',
    about: 'Unicode digits that are not ASCII',
    value: () => json('１９００'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-max-u64',
    about:
      '2^64-1, the largest id the dedupe table holds (two 32-bit halves): the filter keeps it; 20 digits is not ' +
      "X's documented form (1-19 digits), so the producer refuses it at the door",
    key: utf8('18446744073709551615'),
    value: () => json('18446744073709551615'),
    filter: pass({ id: '18446744073709551615' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'id-zero',
    about: '"0": the filter\'s table holds it; no X post has it, so the producer refuses it at the door',
    key: utf8('0'),
    value: () => json('0'),
    filter: pass({ id: '0' }),
    replay: replayDlq(IJ),
  },
];

/** The largest raw value that still fits one Kafka record with this key and the raw headers. */
const fittingValueBytes = (key: string, prefix: string): number =>
  MAX_RECORD_BYTES - recordBytes({ key, value: prefix, headers: RAW_HEADERS }) - 16;

const sizes: Draft[] = [
  {
    kind: 'text-over-max',
    about: 'text of 100,001 characters, one above the schema maximum',
    value: (id) => concat(`{"data":{"id":"${id}","text":"music `, repeat('a', 99_995), '"}}'),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'text-at-max',
    about: 'text of exactly 100,000 characters: valid',
    value: (id) => concat(`{"data":{"id":"${id}","text":"music `, repeat('a', 99_994), '"}}'),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'ten-megabytes',
    about:
      'a 10 MiB message: above the 1 MB Kafka record limit, it cannot be on tweets.raw at all; the producer ' +
      'dead-letters a 64 KiB prefix with original-size and original-sha256 instead of retrying it forever',
    value: (id) => concat(`{"data":{"id":"${id}","text":"music `, repeat('a', 10 * 1024 * 1024), '"}}'),
    filter: viaProducer(TL, { truncated: true, reason: 'exceeds the Kafka record limit' }),
    replay: replayDlq(TL, { truncated: true }),
  },
  {
    kind: 'near-limit-invalid',
    about:
      'invalid JSON just under the Kafka limit: fits on tweets.raw, but not with the DLQ headers added — ' +
      'the filter crashed on every restart (poison record); now its DLQ record holds a prefix',
    value: (id) => {
      const prefix = `{"data":{"id":"${id}","text":"music `;
      return concat(prefix, repeat('a', fittingValueBytes(id, prefix) - Buffer.byteLength(prefix)));
    },
    filter: dlq(IJ, { truncated: true }),
    replay: replayDlq(IJ, { truncated: true }),
  },
  {
    kind: 'clean-too-large',
    about:
      'a valid 0.8 MB tweet whose CleanTweet is 1.5 MB (a 600 KB name, and 100,000 "İ" that lower-case ' +
      'into 100,000 tokens): Kafka would refuse the clean record and the whole transaction, forever',
    value: (id) =>
      concat(
        `{"data":{"id":"${id}","text":"music `,
        repeat('İ', 99_990),
        '","author_id":"9"},"includes":{"users":[{"id":"9","username":"big","name":"',
        repeat('n', 600_000),
        '"}]}}',
      ),
    filter: dlq(TL, { reason: 'above the Kafka record limit' }),
    replay: published(),
  },
  {
    kind: 'oversized-key',
    about: 'a key of almost 1 MB that is not the tweet id: its DLQ record would not fit, so the key is cut',
    key: (id) => ({ repeat: utf8('k'), times: fittingValueBytes('', specBytes(json(id)).toString()) }),
    value: (id) => json(id),
    filter: dlq(KM, { truncated: true }),
    replay: null,
  },
  {
    kind: 'long-single-token',
    about: 'one 90,000-letter word: tokenizer and rule matcher stay linear',
    value: (id) => concat(`{"data":{"id":"${id}","text":"music `, repeat('a', 90_000), '"}}'),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'apostrophe-chain',
    about: "30,000 \"'a\" in a row: the tokenizer's (?:'\\p{L}+)* must not backtrack",
    value: (id) => concat(`{"data":{"id":"${id}","text":"music a`, repeat("'a", 30_000), '"}}'),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'many-hashtags',
    about: '20,000 hashtag entities: valid, and the CleanTweet keeps each tag once',
    value: (id) =>
      concat(
        `{"data":{"id":"${id}","text":"#music","entities":{"hashtags":[`,
        repeat('{"tag":"music"},', 19_999),
        '{"tag":"Music"}]}}}',
      ),
    filter: pass({ hashtags: ['music'] }),
    replay: published(),
  },
  {
    kind: 'many-unknown-fields',
    about: '500 fields no schema knows: kept on tweets.raw and in CleanTweet v2 `data`',
    value: (id) => json(id, Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`future_field_${i}`, { n: i }]))),
    filter: pass(),
    replay: published(),
  },
];

const topLevel: Draft[] = [
  {
    kind: 'top-level-array',
    about: 'a message wrapped in an array',
    value: (id) => concat('[', json(id), ']'),
    filter: dlq(SV, { reason: '\\(root\\)' }),
    replay: replayDlq(IJ),
  },
  {
    kind: 'top-level-null',
    about: 'null',
    key: null,
    value: () => utf8('null'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'top-level-string',
    about: 'a bare string',
    key: null,
    value: () => utf8('"music"'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'top-level-number',
    about: 'a bare number beyond 2^53',
    key: null,
    value: () => utf8('1900000000000000050'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'top-level-boolean',
    about: 'true',
    key: null,
    value: () => utf8('true'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
];

const keys: Draft[] = [
  {
    kind: 'dollar-keys',
    about:
      '$where/$set keys inside data and at the top: kept in CleanTweet v2 `data`, never at its top; the sink stores them escaped',
    value: (id) => json(id, { $where: 'sleep(10000)', $set: { text: 'owned' } }, { $inc: { n: 1 } }),
    filter: pass({ text: 'music' }),
    replay: published(),
  },
  {
    kind: 'dotted-keys',
    about: 'dotted keys ("a.b", "author.id") inside data and includes',
    value: (id) => json(id, { 'a.b': 1, 'author.id': '666' }, { includes: { 'users.0.name': 'x' } }),
    filter: pass({ author: { id: null, username: null, name: null } }),
    replay: published(),
  },
  {
    kind: 'proto-in-data',
    about: 'data.__proto__ carrying author_id and lang: must neither pollute Object.prototype nor fill the tweet',
    value: (id) =>
      utf8(`{"data":{"id":"${id}","text":"music","__proto__":{"polluted":"yes","author_id":"666","lang":"xx"}}}`),
    filter: pass({ lang: null, author: { id: null, username: null, name: null } }),
    replay: published(),
  },
  {
    kind: 'proto-at-top',
    about: '__proto__ at the top level carrying includes and matching_rules',
    value: (id) =>
      utf8(
        `{"__proto__":{"polluted":"yes","includes":{"users":[{"id":"9","username":"evil","name":"Evil"}]},` +
          `"matching_rules":[{"id":"666","tag":"evil"}]},"data":{"id":"${id}","text":"music","author_id":"9"}}`,
      ),
    filter: pass({ author: { id: '9', username: null, name: null }, matching_rules: [] }),
    replay: published(),
  },
  {
    kind: 'constructor-prototype',
    about: 'constructor.prototype keys, the other pollution path',
    value: (id) =>
      utf8(
        `{"constructor":{"prototype":{"polluted":"yes"}},` +
          `"data":{"id":"${id}","text":"music","constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}}`,
      ),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'proto-in-entities',
    about: 'entities.__proto__.hashtags: must not become the tweet hashtags',
    value: (id) =>
      utf8(`{"data":{"id":"${id}","text":"music","entities":{"__proto__":{"hashtags":[{"tag":"smuggled"}]}}}}`),
    filter: pass({ hashtags: [] }),
    replay: published(),
  },
  {
    kind: 'nul-in-key',
    about: 'an escaped NUL inside an unknown key (MongoDB forbids NUL in field names; it never gets there)',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music","\\u0000key":1}}`),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'unknown-fields',
    about: 'fields X added after the schema was written (and a partial errors array): valid, kept on tweets.raw',
    value: (id) =>
      json(
        id,
        {
          edit_history_tweet_ids: [id],
          note_tweet: { text: 'a longer music note' },
          public_metrics: { like_count: 1 },
          possibly_sensitive: false,
        },
        { errors: [{ title: 'Not Found Error', resource_type: 'user' }], future: { anything: [1, 2] } },
      ),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'duplicate-key-same-id',
    about:
      'two "data" keys: JSON.parse keeps the LAST, in the producer and in the filter alike, so both agree; ' +
      'a parser keeping the first would disagree (documented, not rejected)',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"nothing here"},"data":{"id":"${id}","text":"music wins"}}`),
    filter: pass({ text: 'music wins' }),
    replay: published(),
  },
  {
    kind: 'duplicate-key-other-id',
    about: 'two "data" keys with different ids, keyed by the first: the last wins, so the key does not match',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music"},"data":{"id":"1900000000000000998","text":"music"}}`),
    filter: dlq(KM),
    replay: published(),
  },
  {
    kind: 'duplicate-id-inside-data',
    about: 'two "id" keys inside data, keyed by the first',
    value: (id) => utf8(`{"data":{"id":"${id}","id":"1900000000000000997","text":"music"}}`),
    filter: dlq(KM),
    replay: published(),
  },
];

const headers: Draft[] = [
  {
    kind: 'key-mismatch',
    about: 'record key is another tweet id',
    key: utf8('1900000000000000996'),
    value: (id) => json(id),
    filter: dlq(KM),
    replay: null,
  },
  {
    kind: 'key-trailing-space',
    about: 'record key is the id plus a space',
    key: (id) => utf8(`${id} `),
    value: (id) => json(id),
    filter: dlq(KM),
    replay: null,
  },
  {
    kind: 'key-null',
    about:
      'no record key: the tweet itself is valid and the filter keys its CleanTweet by id, so it passes ' +
      '(a producer sending keyless records would only weaken the partition-local dedupe)',
    key: null,
    value: (id) => json(id),
    filter: pass(),
    replay: null,
  },
  {
    kind: 'source-missing',
    about: 'no source header',
    headers: { 'received-at': '1700000000000' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'source' }),
    replay: null,
  },
  {
    kind: 'source-unknown',
    about: 'a source the contract does not list',
    headers: { source: 'twitter', 'received-at': '1700000000000' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'source' }),
    replay: null,
  },
  {
    kind: 'source-wrong-case',
    about: 'Replay instead of replay',
    headers: { source: 'Replay', 'received-at': '1700000000000' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'source' }),
    replay: null,
  },
  {
    kind: 'received-at-missing',
    about: 'no received-at header',
    headers: { source: 'replay' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'received-at-garbage',
    about: 'received-at is a word',
    headers: { source: 'replay', 'received-at': 'yesterday' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'received-at-hex',
    about: 'received-at in hex: Number() took it',
    headers: { source: 'replay', 'received-at': '0x18BCFE56800' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'received-at-exponent',
    about: 'received-at as 1.7e12: Number() took it',
    headers: { source: 'replay', 'received-at': '1.7e12' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'received-at-beyond-date',
    about:
      'received-at 8640000000000001: a safe integer but no Date; toISOString threw inside the batch and the ' +
      'filter exited on every restart (poison record)',
    headers: { source: 'replay', 'received-at': '8640000000000001' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'received-at-negative',
    about: 'a time before 1970',
    headers: { source: 'replay', 'received-at': '-1700000000000' },
    value: (id) => json(id),
    filter: dlq(SV, { reason: 'received-at' }),
    replay: null,
  },
  {
    kind: 'tombstone',
    about: 'no value at all (null)',
    value: () => null,
    filter: dlq(SV, { reason: 'no value' }),
    replay: null,
  },
];

const payloads: Draft[] = [
  {
    kind: 'in-stream-error-payload',
    about:
      'X operational-disconnect: not a tweet. The producer counts it as an error payload and publishes nothing; ' +
      'on tweets.raw (it never should be) the filter dead-letters it',
    key: null,
    value: () =>
      utf8(
        '{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect",' +
          '"detail":"This stream has been disconnected upstream for operational reasons.",' +
          '"type":"https://api.twitter.com/2/problems/operational-disconnect"}]}',
      ),
    filter: dlq(SV),
    replay: errorPayload,
  },
  {
    kind: 'error-payload-other',
    about: 'another in-stream error (rule or connection problem)',
    key: null,
    value: () => utf8('{"errors":[{"title":"ConnectionException","detail":"too many connections"}]}'),
    filter: dlq(SV),
    replay: errorPayload,
  },
  {
    kind: 'error-payload-null-item',
    about: '{"errors":[null]}: threw a TypeError out of the replay (and the stream source); now a DLQ record',
    key: null,
    value: () => utf8('{"errors":[null]}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'error-payload-empty',
    about: 'an empty errors array is neither a tweet nor an error payload',
    key: null,
    value: () => utf8('{"errors":[]}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'search-page-null-item',
    about: '{"data":[null]}: threw a TypeError out of the replay; now a DLQ record',
    key: null,
    value: () => utf8('{"data":[null]}'),
    filter: dlq(SV),
    replay: replayDlq(IJ),
  },
  {
    kind: 'search-page-users-string',
    about: 'a search page whose includes.users is a string: threw out of the replay; now the tweet is published',
    key: null,
    value: (id) => utf8(`{"data":[{"id":"${id}","text":"music","author_id":"9"}],"includes":{"users":"kat"}}`),
    filter: dlq(SV),
    replay: published(),
  },
  {
    kind: 'search-page-empty',
    about: 'a search page without results: nothing to publish, counted as skipped',
    key: null,
    value: () => utf8('{"data":[],"meta":{"result_count":0}}'),
    filter: dlq(SV),
    replay: skipped,
  },
];

const text: Draft[] = [
  {
    kind: 'emoji-only-text',
    about: 'text of emoji only, tagged #music through entities: valid',
    value: (id) => json(id, { text: '🎵🎶🎸🥁👩🏽‍🎤🇯🇲', entities: { hashtags: [{ tag: 'music' }] } }),
    filter: pass({ text: '🎵🎶🎸🥁👩🏽‍🎤🇯🇲', hashtags: ['music'] }),
    replay: published(),
  },
  {
    kind: 'rtl-and-zero-width',
    about: 'right-to-left override, Arabic and Hebrew, zero-width space/joiners and word joiner: valid',
    value: (id) => json(id, { text: 'music \u202Eevil\u202C مرحبا שלום \u200B\u200C\u200D\u2060 end' }),
    filter: pass({ text: 'music \u202Eevil\u202C مرحبا שלום \u200B\u200C\u200D\u2060 end' }),
    replay: published(),
  },
  {
    kind: 'escaped-control-chars',
    about: 'control characters written as JSON escapes: valid',
    value: (id) => json(id, { text: 'music \u0001\u0007\u001b[31m\u007f' }),
    filter: pass({ text: 'music \u0001\u0007\u001b[31m\u007f' }),
    replay: published(),
  },
  {
    kind: 'escaped-nul',
    about: '\\u0000 inside the text: valid JSON, a BSON string may hold it',
    value: (id) => json(id, { text: 'music \u0000 end' }),
    filter: pass({ text: 'music \u0000 end' }),
    replay: published(),
  },
  {
    kind: 'escaped-crlf',
    about: '\\r\\n inside the text, escaped: valid, and still one JSONL line',
    value: (id) => json(id, { text: 'music\r\nsecond line' }),
    filter: pass({ text: 'music\r\nsecond line' }),
    replay: published(),
  },
  {
    kind: 'unicode-line-separators',
    about: 'raw U+2028/U+2029 inside a string: valid JSON, and not line breaks for JSONL',
    value: (id) => json(id, { text: 'music\u2028line\u2029paragraph' }),
    filter: pass({ text: 'music\u2028line\u2029paragraph' }),
    replay: published(),
  },
  {
    kind: 'lone-surrogate-escape',
    about:
      'an escaped lone surrogate (\\ud800): valid JSON, not well-formed Unicode: dead-lettered with its path, ' +
      'never stored altered',
    value: (id) => utf8(`{"data":{"id":"${id}","text":"music \\ud800"}}`),
    filter: dlq(IJ),
    replay: replayDlq(IJ),
  },
  {
    kind: 'bom-inside-text',
    about: 'U+FEFF inside the text, not before the object: valid',
    value: (id) => json(id, { text: 'music \uFEFF end' }),
    filter: pass({ text: 'music \uFEFF end' }),
    replay: published(),
  },
  {
    kind: 'zalgo',
    about: 'a letter with 2,000 combining marks',
    value: (id) => json(id, { text: `music z${'\u0301\u0316\u0337'.repeat(666)}` }),
    filter: pass(),
    replay: published(),
  },
  {
    kind: 'html-and-script',
    about: 'markup in the text is just text',
    value: (id) => json(id, { text: '<script>alert(1)</script> music <img src=x onerror=alert(1)>' }),
    filter: pass({ text: '<script>alert(1)</script> music <img src=x onerror=alert(1)>' }),
    replay: published(),
  },
];

const GROUPS: readonly { group: string; about: string; drafts: readonly Draft[] }[] = [
  { group: 'malformed-json', about: 'bytes that are not JSON', drafts: malformedJson },
  { group: 'encoding', about: 'bytes that are not UTF-8, and raw control bytes', drafts: encoding },
  { group: 'wrong-types', about: 'JSON of the wrong shape for the contract', drafts: wrongTypes },
  { group: 'missing', about: 'required parts absent', drafts: missing },
  {
    group: 'ids',
    about: 'tweet ids that are not the decimal string of a u64, and the boundaries that are',
    drafts: ids,
  },
  { group: 'sizes', about: 'large inputs and Kafka record limits', drafts: sizes },
  { group: 'top-level', about: 'JSON values that are not objects', drafts: topLevel },
  { group: 'keys', about: 'dangerous, duplicate and unknown object keys', drafts: keys },
  { group: 'headers', about: 'record key and headers against the contract', drafts: headers },
  { group: 'payloads', about: 'things X sends that are not tweets, and broken variants', drafts: payloads },
  { group: 'text', about: 'unusual but valid text', drafts: text },
];

/**
 * The adversarial corpus, defined here and written to `fixtures/adversarial`
 * by `generate-corpus.ts`; tests read the fixtures. Each entry gets its own
 * tweet id, so entries never dedupe against each other.
 */
export function adversarialCorpus(): CorpusGroup[] {
  let next = 1;
  return GROUPS.map(({ group, about, drafts }) => ({
    group,
    about,
    entries: drafts.map((draft): CorpusEntry => {
      const id = corpusId(next++);
      const key = draft.key === undefined ? utf8(id) : typeof draft.key === 'function' ? draft.key(id) : draft.key;
      const value = draft.value(id);
      if (draft.replay !== null && value !== null && specBytes(value).includes(0x0a)) {
        throw new Error(`${draft.kind}: a value holding a line feed cannot be a JSONL line; set replay: null`);
      }
      return {
        kind: draft.kind,
        about: draft.about,
        key,
        value,
        headers: draft.headers ?? RAW_HEADERS,
        filter: draft.filter,
        replay: draft.replay,
      };
    }),
  }));
}
