import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  openTestWorld,
  pipelineEnv,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

const TOTAL = 10_000;
const synthetic = { seed: 4242, musicRatio: 0.3, duplicateRatio: 0.1, invalidRatio: 0, startMs: 1_750_000_000_000 };
let world: TestWorld;
let topics: TestTopics;
let database: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  world = await openTestWorld();
  // The services create the topics.
  topics = world.topicNames('e2e');
  database = world.database('tp_e2e');
});

afterAll(() => world?.close());

function start(name: 'producer' | 'filter' | 'sink', env: Record<string, string>): void {
  services.push(
    world.startService({
      name,
      env: { ...pipelineEnv(topics, 12, database), ...env },
    }),
  );
}

test('10,000 synthetic tweets with 1,000 duplicate ids: MongoDB holds exactly the music tweets, each once', async () => {
  const source = new SyntheticTweets(synthetic);
  const expected = new Map<string, { hashtags: string[] }>();
  let duplicates = 0;
  for (let i = 0; i < TOTAL; i++) {
    const r = source.next();
    if (r.kind === 'duplicate') duplicates++;
    if (r.kind === 'tweet' && r.music) {
      expected.set(r.key, { hashtags: (r.message.data.entities?.hashtags ?? []).map((h) => h.tag.toLowerCase()) });
    }
  }
  assert.equal(duplicates, 1_000);

  start('sink', {});
  start('filter', {});
  start('producer', {
    SYNTHETIC_COUNT: String(TOTAL),
    SYNTHETIC_RATE: '5000',
    SYNTHETIC_SEED: String(synthetic.seed),
    SYNTHETIC_MUSIC_RATIO: String(synthetic.musicRatio),
    SYNTHETIC_DUPLICATE_RATIO: String(synthetic.duplicateRatio),
    SYNTHETIC_INVALID_RATIO: '0',
    SYNTHETIC_START_MS: String(synthetic.startMs),
  });

  const tweets = world.mongo
    .db(database)
    .collection<{ _id: string; tokens: string[]; hashtags: string[]; matched_keywords: string[] }>('tweets');
  const reached = await waitFor(async () => (await tweets.countDocuments()) >= expected.size, 240_000, 1_000);
  assert.ok(reached, `expected ${expected.size} documents, found ${await tweets.countDocuments()}`);
  // Anything extra (a duplicate, a non-music tweet) would arrive in the same flow; give it time to show.
  await new Promise((resolve) => setTimeout(resolve, 3_000));

  const stored = await tweets.find({}, { projection: { _id: 1 } }).toArray();
  assert.equal(stored.length, expected.size);
  assert.deepEqual(new Set(stored.map((d) => d._id)), new Set(expected.keys()));

  const sample = await tweets.find({}).limit(50).toArray();
  for (const document of sample) {
    assert.ok(document.tokens.includes('music') || document.tokens.includes('#music'), document._id);
    assert.ok(document.matched_keywords.length > 0);
    assert.deepEqual(document.hashtags, expected.get(document._id)?.hashtags);
  }
  for (const s of services) assert.equal(s.running, true, `${s.spec.name} still running`);
});
