import { MongoClient } from 'mongodb';
import { ensureTopics, pipelineTopicSpecs } from '@tweet-pipeline/kafka';
import { createLogger } from '@tweet-pipeline/observability';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  deleteTopics,
  kafkaProducerCeiling,
  testKafka,
  testTopics,
  uniqueName,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';
import type { ScenarioProgress } from '../scenario-progress.js';

export interface CeilingsResult {
  readonly kafkaRecordsPerSecond: number;
  readonly recordSize: number;
  readonly insertManyDocsPerSecond: number;
}

/**
 * The raw ceilings of the same run: Kafka's own producer tool, and MongoDB insertMany in batches
 * of 1,000. Reports the documents inserted (the Kafka tool reports nothing until it ends).
 */
export async function ceilings(
  stack: StackEndpoints,
  records: number,
  documents: number,
  progress?: ScenarioProgress,
): Promise<CeilingsResult> {
  const tweets = new SyntheticTweets({
    seed: 14,
    musicRatio: 0.3,
    duplicateRatio: 0,
    invalidRatio: 0,
    startMs: Date.now(),
  });
  const messages = Array.from({ length: 2_000 }, () => tweets.next()).flatMap((r) =>
    r.kind === 'invalid' ? [] : [r.message],
  );
  const recordSize = Math.round(
    messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m)), 0) / messages.length,
  );

  const kafka = testKafka(stack.brokers);
  const topics = testTopics('bench-ceiling');
  await ensureTopics(
    kafka,
    [pipelineTopicSpecs({ names: topics, partitions: 12, replicationFactor: 1, dedupeWindowMs: 3_600_000 }).raw],
    createLogger({ service: 'bench', level: 'warn', destination: process.stderr }),
  );
  const kafkaRecordsPerSecond = kafkaProducerCeiling({
    brokers: stack.brokers,
    topic: topics.raw,
    records,
    recordSize,
  });
  await deleteTopics(kafka, Object.values(topics));

  const mongo = new MongoClient(stack.mongoUri);
  await mongo.connect();
  const database = uniqueName('bench_ceiling').replaceAll('-', '_');
  const collection = mongo.db(database).collection<Record<string, unknown>>('tweets');
  const documentsOf = (from: number): Record<string, unknown>[] =>
    Array.from({ length: 1_000 }, (_, i) => {
      const m = messages[(from + i) % messages.length]!;
      return { ...m.data, _id: `${from + i}`, received_at: new Date() };
    });
  const started = process.hrtime.bigint();
  for (let from = 0; from < documents; from += 1_000) {
    progress?.(from, documents, 'insertMany');
    await collection.insertMany(documentsOf(from), { ordered: false });
  }
  const insertManyDocsPerSecond = documents / (Number(process.hrtime.bigint() - started) / 1e9);
  await mongo
    .db(database)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
  return { kafkaRecordsPerSecond, recordSize, insertManyDocsPerSecond };
}
