import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { RawHeaders, type RawStreamMessage } from '@tweet-pipeline/contracts';
import { unescapeStorageKeys } from '@tweet-pipeline/sink';
import { RichShapes, SyntheticTweets, type RichShape } from '@tweet-pipeline/synthetic';
import { startEmulator } from '@tweet-pipeline/x-api-emulator';
import {
  openTestWorld,
  readTopic,
  pipelineEnv,
  waitFor,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

// CleanTweet v2 end to end: what X sent about a post is in MongoDB, field by field, after producer → filter → sink
// (the synthetic source, recorded raw records, and the X API emulator's filtered stream with the default fields).
const PER_SHAPE = 2;
const COUNT = PER_SHAPE * RichShapes.length;
const synthetic = {
  seed: 1212,
  musicRatio: 1,
  duplicateRatio: 0,
  invalidRatio: 0,
  richRatio: 1,
  startMs: 1_760_000_000_000,
};
/** A rule id beyond 2^53 as a JSON number, as twarc recordings hold them: it must arrive exact, as a string. */
const BIG_RULE_ID = '1801234567890123457';

interface StoredTweet {
  _id: string;
  schema_version: number;
  text: string;
  full_text: string;
  hashtags: string[];
  tokens: string[];
  matching_rules: { id: string; tag: string | null }[];
  data: Record<string, unknown>;
  includes: Record<string, unknown>;
  expansions: Record<string, unknown>;
}

let world: TestWorld;
let topics: TestTopics;
let database: string;

beforeAll(async () => {
  world = await openTestWorld();
  topics = world.topicNames('whole');
  database = world.database('tp_whole');
});

afterAll(() => world?.close());

function start(name: 'producer' | 'filter' | 'sink', env: Record<string, string> = {}): void {
  world.startService({
    name,
    env: { ...pipelineEnv(topics, 3, database), ...env },
  });
}

/** A raw record as the producer writes it, from a message recorded elsewhere (its JSON text as given). */
function recorded(id: string, json: string) {
  return {
    key: id,
    value: json,
    headers: { [RawHeaders.source]: 'replay', [RawHeaders.receivedAt]: String(Date.now()) },
  };
}

test('long, edited, media, poll, place and referenced posts are stored whole and read back field by field', async () => {
  const source = new SyntheticTweets(synthetic);
  const sent: { shape: RichShape; message: RawStreamMessage }[] = [];
  for (let i = 0; i < COUNT; i++) {
    const record = source.next();
    assert.equal(record.kind, 'tweet');
    if (record.kind === 'tweet') sent.push({ shape: RichShapes[i % RichShapes.length]!, message: record.message });
  }

  start('sink');
  start('filter');
  start('producer', {
    SYNTHETIC_COUNT: String(COUNT),
    SYNTHETIC_RATE: '1000',
    SYNTHETIC_SEED: String(synthetic.seed),
    SYNTHETIC_MUSIC_RATIO: '1',
    SYNTHETIC_DUPLICATE_RATIO: '0',
    SYNTHETIC_INVALID_RATIO: '0',
    SYNTHETIC_RICH_RATIO: '1',
    SYNTHETIC_START_MS: String(synthetic.startMs),
  });
  const tweets = world.mongo.db(database).collection<StoredTweet>('tweets');
  assert.ok(await waitFor(async () => (await tweets.countDocuments()) >= COUNT, 180_000, 500), 'the synthetic posts');

  // The earlier versions of the first edited post, and a post whose field names MongoDB would refuse, as recorded.
  const edited = sent.find((s) => s.shape === 'edited')!.message;
  const chain = edited.data.edit_history_tweet_ids!;
  const versions = chain.slice(0, -1).map((id, i) => ({
    ...edited,
    data: {
      ...edited.data,
      id,
      text: `${edited.data.text} (version ${i + 1})`,
      edit_history_tweet_ids: chain.slice(0, i + 1),
    },
  }));
  const oddId = (BigInt(edited.data.id) + 500_000n).toString(); // apart from the synthetic ids, which step by 1
  const odd =
    `{"data":{"id":"${oddId}","text":"odd names #music","$where":"sleep(1)","a.b":{"$set":1,"c.d":[{"%x.y":2}]},` +
    `"withheld":{"copyright":false,"country_codes":["DE","FR"],"scope":"tweet"}},` +
    `"matching_rules":[{"id":${BIG_RULE_ID},"tag":"big"}]}`;
  await world.sendAll(topics.raw, [
    ...versions.map((v) => recorded(v.data.id, JSON.stringify(v))),
    recorded(oddId, odd),
  ]);
  const total = COUNT + versions.length + 1;
  if (!(await waitFor(async () => (await tweets.countDocuments()) >= total, 60_000, 500))) {
    const dead = await readTopic(world.kafka, topics.dlq, { timeoutMs: 5_000 });
    const reasons = dead.map((r) => `${r.key}: ${String(r.headers?.['error-message'] ?? '')}`);
    assert.fail(`the recorded posts: ${await tweets.countDocuments()} of ${total}; DLQ ${reasons.join('; ')}`);
  }

  for (const { shape, message } of sent) {
    const doc = await tweets.findOne({ _id: message.data.id });
    assert.ok(doc, `${shape} ${message.data.id} stored`);
    assert.equal(doc.schema_version, 2);
    const stored = unescapeStorageKeys({ data: doc.data, includes: doc.includes, expansions: doc.expansions });
    // Every field X sent, equal: the whole data object and every includes object.
    assert.deepEqual(stored.data, message.data, `${shape}: data`);
    assert.deepEqual(stored.includes, message.includes, `${shape}: includes`);
    assert.deepEqual(doc.matching_rules, [{ id: '1377650087799754753', tag: 'synthetic' }]);
    assert.equal(doc.text, message.data.text, `${shape}: text as sent`);
    const expansions = stored.expansions as Record<string, unknown>;
    const includes = message.includes as Record<string, Record<string, unknown>[] | undefined>;
    assert.deepEqual(expansions['author'], includes['users']?.[0], `${shape}: author resolved`);
    switch (shape) {
      case 'long':
        assert.equal(doc.full_text, message.data.note_tweet?.text);
        assert.ok(doc.full_text.length > doc.text.length);
        assert.ok(doc.hashtags.includes('longread') && doc.tokens.includes('#longread'), 'read from note_tweet');
        break;
      case 'edited':
        assert.equal((message.data.edit_history_tweet_ids ?? []).length, 3);
        break;
      case 'media':
        assert.deepEqual(expansions['media'], includes['media']);
        break;
      case 'poll':
        assert.deepEqual(expansions['polls'], includes['polls']);
        break;
      case 'place':
        assert.deepEqual(expansions['place'], includes['places']?.[0]);
        break;
      case 'referenced': {
        const refs = expansions['referenced_tweets'] as { tweet: unknown; author: unknown }[];
        assert.deepEqual(
          refs.map((r) => r.tweet),
          includes['tweets'],
        );
        assert.deepEqual(
          refs.map((r) => r.author),
          includes['users']?.slice(1),
        );
        break;
      }
    }
  }

  const history = await tweets.find({ 'data.edit_history_tweet_ids': chain[0] }, { projection: { _id: 1 } }).toArray();
  assert.deepEqual(new Set(history.map((d) => d._id)), new Set(chain), 'the first id finds every version');

  const oddDoc = await tweets.findOne({ _id: oddId });
  assert.ok(oddDoc, 'the post with refused field names is stored, not dead-lettered');
  assert.deepEqual(oddDoc.matching_rules, [{ id: BIG_RULE_ID, tag: 'big' }], 'rule id exact, as a string');
  assert.deepEqual(unescapeStorageKeys(oddDoc.data), JSON.parse(odd).data, 'names restored exactly');
  assert.ok('%24where' in oddDoc.data && 'a%2Eb' in oddDoc.data, 'stored escaped');
  assert.ok(
    (await world.mongo.db(database).collection('tweets').indexes()).some(
      (index) => index.name === 'data.edit_history_tweet_ids_1',
    ),
    'the edit history index',
  );
});

test('the X stream with the default fields and expansions: every rich post is stored with all X sent', async () => {
  const emulator = await startEmulator({
    ratePerSecond: 30,
    musicRatio: 1,
    duplicateRatio: 0,
    richRatio: 1,
    keepAliveMs: 500,
  });
  world.onClose(() => emulator.close());
  const streamTopics = world.topicNames('whole-x');
  const streamDatabase = world.database('tp_whole_x');
  const env = pipelineEnv(streamTopics, 3, streamDatabase);
  world.startService({ name: 'sink', env });
  world.startService({ name: 'filter', env });
  world.startService({
    name: 'producer',
    env: {
      ...env,
      PRODUCER_SOURCES: 'x-filtered-stream',
      X_API_BASE_URL: emulator.url,
      X_BEARER_TOKEN: 'emulator-token',
    },
  });
  const tweets = world.mongo.db(streamDatabase).collection<StoredTweet>('tweets');
  assert.ok(await waitFor(async () => (await tweets.countDocuments()) >= 24, 120_000, 500), 'posts from the stream');

  const sentById = new Map(
    emulator.sent().map((line) => {
      const message = JSON.parse(line) as RawStreamMessage;
      return [message.data.id, message] as const;
    }),
  );
  const docs = await tweets.find({}).toArray();
  for (const doc of docs) {
    const message = sentById.get(doc._id);
    assert.ok(message, `${doc._id} was streamed`);
    assert.deepEqual(unescapeStorageKeys(doc.data), message.data, `${doc._id}: data`);
    assert.deepEqual(unescapeStorageKeys(doc.includes), message.includes ?? {}, `${doc._id}: includes`);
    assert.deepEqual(
      doc.matching_rules.map((r) => r.id),
      (message.matching_rules ?? []).map((r) => String(r.id)),
    );
  }
  // The default fields and expansions bring every shape: X leaves out what was not asked for.
  const has = (check: (doc: StoredTweet) => boolean, what: string) => assert.ok(docs.some(check), what);
  has((d) => d.data['note_tweet'] !== undefined && d.full_text.length > d.text.length, 'a long post with note_tweet');
  has((d) => (d.data['edit_history_tweet_ids'] as unknown[]).length === 3, 'an edited post with its history');
  has((d) => Array.isArray(d.includes['media']) && (d.expansions['media'] as unknown[]).length === 2, 'media');
  has((d) => Array.isArray(d.includes['polls']), 'a poll');
  has((d) => Array.isArray(d.includes['places']) && d.expansions['place'] !== null, 'a place');
  has((d) => Array.isArray(d.includes['tweets']) && d.data['public_metrics'] !== undefined, 'referenced posts');
});
