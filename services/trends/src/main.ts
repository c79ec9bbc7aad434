#!/usr/bin/env node
import { parseClean } from '@tweet-pipeline/contracts';
import { runRecordConsumer } from '@tweet-pipeline/kafka';
import { addCounts, connectWithRetry, createMongoClient, ServerGaps } from '@tweet-pipeline/mongo';
import { exitOnFatal, runService } from '@tweet-pipeline/observability';
import { loadTrendsConfig } from './config.js';
import { trendsMetrics } from './metrics.js';
import { hashtagHits, type TrendDocument } from './trend-counts.js';

const config = loadTrendsConfig(process.env);

await runService(config, async ({ log, registry, signal }) => {
  const counted = trendsMetrics(registry);
  let databaseAvailable = true;
  const retry = { backoff: config.retry, log, signal, onAvailability: (up: boolean) => (databaseAvailable = up) };
  const mongo = createMongoClient({ uri: config.mongo.uri, appName: 'tweet-pipeline-trends' });
  const server = await connectWithRetry(mongo, config.mongo.uri, retry);
  const gap = 'atomic-filtered-update';
  if (server.gaps.includes(gap)) log.warn({ server: server.kind, version: server.version, gap }, ServerGaps[gap]);
  const trends = mongo.db(config.mongo.database).collection<TrendDocument>(config.settings.TRENDS_COLLECTION);
  // "Top hashtags of a minute" is the query this collection exists for.
  await trends.createIndex({ minute: 1, count: -1 });

  const consumer = await runRecordConsumer({
    ...config,
    log,
    registry,
    signal,
    parse: parseClean,
    onFatal: (err) => exitOnFatal(log, err),
    handle: async ({ partition, lastOffset, records }) => {
      const hits = records.flatMap(({ tweet, offset }) => hashtagHits(tweet, Number(offset)));
      const added = await addCounts(trends, { partition, through: Number(lastOffset), hits }, retry);
      counted(hits.length, added);
    },
  });

  return {
    readiness: () =>
      databaseAvailable ? consumer.readiness() : { ready: false, reason: 'database unavailable; retrying' },
    stop: async () => {
      await consumer.stop();
      await mongo.close();
    },
  };
});
