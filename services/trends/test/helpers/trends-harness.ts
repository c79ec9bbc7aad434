import { readFile } from 'node:fs/promises';
import type { Collection, MongoClient } from 'mongodb';
import {
  topicEnv,
  uniqueName,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import type { TrendDocument } from '../../src/trend-counts.js';

/** One test's own topics, consumer group and database. */
export interface TrendsRun {
  readonly topics: TestTopics;
  readonly partitions: number;
  readonly groupId: string;
  readonly database: string;
}

/** A run with its clean and DLQ topics created, named after `prefix`; the world's close() removes them. */
export async function newTrendsRun(world: TestWorld, prefix: string, partitions: number): Promise<TrendsRun> {
  return {
    topics: await world.topics(prefix, partitions, ['clean', 'dlq']),
    partitions,
    groupId: uniqueName(`${prefix}-group`),
    database: world.database(`tp_${prefix}`),
  };
}

/**
 * The trends service as a child process on the run's topics, group and database, ops server on any
 * free port; tracked by the world (its close() stops it).
 */
export function startTrends(world: TestWorld, run: TrendsRun, env: Record<string, string> = {}): ServiceProcess {
  return world.startService({
    name: 'trends',
    env: {
      ...topicEnv(run.topics, run.partitions),
      MONGODB_DATABASE: run.database,
      TRENDS_GROUP_ID: run.groupId,
      TRENDS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
}

/** The port of the service's ops server, from its "ops server listening" log line (it runs with TRENDS_PORT=0). */
export async function opsPort(service: ServiceProcess): Promise<number> {
  let port: number | undefined;
  await waitFor(async () => {
    const log = await readFile(service.spec.logFile, 'utf8').catch(() => '');
    const line = log.split('\n').find((l) => l.includes('"ops server listening'));
    port = line === undefined ? undefined : (JSON.parse(line) as { port: number }).port;
    return port !== undefined;
  }, 30_000);
  if (port === undefined) throw new Error(`${service.spec.name} never served its ops port (${service.spec.logFile})`);
  return port;
}

/** The service's /metrics text. */
export async function scrape(service: ServiceProcess): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${await opsPort(service)}/metrics`, { signal: AbortSignal.timeout(2_000) });
  return res.text();
}

/** The HTTP status of the service's /readyz (0 while it does not answer). */
export async function readyStatus(service: ServiceProcess): Promise<number> {
  try {
    const url = `http://127.0.0.1:${await opsPort(service)}/readyz`;
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return 0;
  }
}

/** One sample of a Prometheus text exposition, e.g. metricValue(text, 'x_total', { result: 'applied' }). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const rest = line.slice(name.length);
    if (!line.startsWith(name) || (rest[0] !== ' ' && rest[0] !== '{')) continue;
    if (wanted.every((w) => rest.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

export function trendsOf(mongo: MongoClient, run: TrendsRun): Collection<TrendDocument> {
  return mongo.db(run.database).collection<TrendDocument>('hashtag_trends');
}

/** `_id` → count of every trend document. */
export async function storedCounts(trends: Collection<TrendDocument>): Promise<Map<string, number>> {
  return new Map((await trends.find({}, { projection: { count: 1 } }).toArray()).map((d) => [d._id, d.count]));
}

/** Sum of all counts, in the database ($group with $sum: one of the stages FerretDB 1.24 has). */
export async function totalCount(trends: Collection<TrendDocument>): Promise<number> {
  const [row] = await trends
    .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$count' } } }])
    .toArray();
  return row?.total ?? 0;
}
