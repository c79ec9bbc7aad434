import { MongoClient } from 'mongodb';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import { uniqueName, type StackEndpoints } from '@tweet-pipeline/testkit';
import type { ScenarioProgress } from '../scenario-progress.js';
import { WordTokenizer } from '../word-tokenizer.js';

export interface BaselineResult {
  readonly tweets: number;
  readonly stored: number;
  readonly seconds: number;
  readonly tweetsPerSecond: number;
}

/**
 * The seed project's approach, for comparison: one process reads each tweet,
 * checks for a duplicate by scanning the list of ids seen, matches the
 * keyword, tokenizes, and inserts it with one insertOne — no Kafka, no batching.
 * Reports the tweets read, every 1,000.
 */
export async function seedBaseline(
  stack: StackEndpoints,
  count: number,
  progress?: ScenarioProgress,
): Promise<BaselineResult> {
  const tweets = new SyntheticTweets({
    seed: 11,
    musicRatio: 0.3,
    duplicateRatio: 0.05,
    invalidRatio: 0.001,
    startMs: Date.now(),
  });
  const lines = Array.from({ length: count }, () => {
    const r = tweets.next();
    return r.kind === 'invalid' ? r.bytes : JSON.stringify(r.message);
  });
  const database = uniqueName('seed_baseline').replaceAll('-', '_');
  const mongo = new MongoClient(stack.mongoUri);
  await mongo.connect();
  const collection = mongo.db(database).collection<{ _id: string; text: string; tokens: string[] }>('tweets');
  const tokenizer = new WordTokenizer();
  const seen: string[] = [];
  let stored = 0;
  const started = process.hrtime.bigint();
  try {
    for (const [index, line] of lines.entries()) {
      if (index % 1_000 === 0) progress?.(index, count);
      let message: { data?: { id?: string; text?: string } };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        continue;
      }
      const id = message.data?.id;
      const text = message.data?.text ?? '';
      if (id === undefined || seen.includes(id)) continue;
      seen.push(id);
      if (!/(^|\s)#?music(\s|$)/i.test(text)) continue;
      await collection.insertOne({ _id: id, text, tokens: tokenizer.tokenize(text) ?? [] });
      stored++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { tweets: count, stored, seconds, tweetsPerSecond: count / seconds };
  } finally {
    await mongo
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  }
}
