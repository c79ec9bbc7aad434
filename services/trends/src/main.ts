#!/usr/bin/env node
import { parseClean } from '@tweet-pipeline/contracts';
import { kafkaAccessReadiness, runRecordConsumer } from '@tweet-pipeline/kafka';
import {
  addCounts,
  connectWithRetry,
  createMongoClient,
  isMissingPrivilege,
  retryWhileUnavailable,
  ServerGaps,
  withPrivilege,
} from '@tweet-pipeline/mongo';
import { exitOnFatal, runService } from '@tweet-pipeline/observability';
import { loadTrendsConfig } from './config.js';
import { trendsMetrics } from './metrics.js';
import { hashtagHits, type TrendDocument } from './trend-counts.js';

const config = loadTrendsConfig(process.env);

await runService({ ...config, readinessGate: kafkaAccessReadiness }, async ({ log, registry, signal, starting }) => {
  const counted = trendsMetrics(registry);
  let databaseAvailable = true;
  const retry = { backoff: config.retry, log, signal, onAvailability: (up: boolean) => (databaseAvailable = up) };
  const { uri, auth, tls } = config.mongo;
  const mongo = createMongoClient({
    uri,
    ...(auth !== undefined && { auth }),
    ...(tls !== undefined && { tls }),
    appName: 'tweet-pipeline-trends',
  });
  const server = await connectWithRetry(mongo, config.mongo.uri, retry);
  const gap = 'atomic-filtered-update';
  if (server.gaps.includes(gap)) log.warn({ server: server.kind, version: server.version, gap }, ServerGaps[gap]);
  const trends = mongo.db(config.mongo.database).collection<TrendDocument>(config.settings.TRENDS_COLLECTION);
  // "Top hashtags of a minute" is the query this collection exists for. A missing privilege is
  // waited out with /readyz naming it (an operator grants the role), not a crash loop.
  const namespace = `${config.mongo.database}.${config.settings.TRENDS_COLLECTION}`;
  await retryWhileUnavailable(
    () =>
      withPrivilege('createIndex', namespace, () => trends.createIndex({ minute: 1, count: -1 })).catch(
        (err: unknown) => {
          if (isMissingPrivilege(err)) starting(err.message);
          throw err;
        },
      ),
    { ...retry, what: 'create the trends index', retryAlso: isMissingPrivilege },
  );

  const consumer = await runRecordConsumer({
    ...config,
    log,
    registry,
    signal,
    parse: parseClean,
    onFatal: (err) => exitOnFatal(log, err),
    starting,
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
