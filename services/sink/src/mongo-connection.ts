import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type Collection } from 'mongodb';
import { redactUri, type Logger } from '@tweet-pipeline/observability';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { SinkConfig } from './config.js';
import { describeDatabaseError, isDatabaseUnavailable } from './database-errors.js';
import { SinkError } from './errors.js';
import { describeServer, type ServerInfo } from './server-info.js';
import type { TweetDocument } from './to-document.js';
import { driverWriteConcern, type WriteConcernSettings } from './write-concern.js';

/** An `_id` no tweet can have (tweet ids are decimal digits): the probe write matches nothing. */
const PROBE_ID = '~sink-write-probe';

/**
 * The sink's client. TLS and credentials come from the connection string.
 * A write slower than `writeTimeoutMs` fails on the socket and counts as
 * "database unavailable" (pause and retry). The driver's own single write
 * retry is off: the sink retries, idempotently, with its own backoff.
 */
export function createMongoClient(mongo: SinkConfig['mongo']): MongoClient {
  return new MongoClient(mongo.uri, {
    appName: 'tweet-pipeline-sink',
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: mongo.writeTimeoutMs,
    retryWrites: false,
  });
}

/**
 * Runs `operation` until it succeeds, waiting out an unavailable database
 * with capped backoff, so a sink that starts before its database neither
 * crashes nor loops.
 *
 * @throws the operation's error when it is not "database unavailable"; an
 *   AbortError when `signal` fires.
 */
export async function retryWhileUnavailable<T>(
  what: string,
  operation: () => Promise<T>,
  backoff: BackoffPolicy,
  log: Logger,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      const delayMs = backoffDelay(attempt, backoff);
      log.warn(
        { attempt, delayMs, reason: describeDatabaseError(err).reason },
        `database not reachable; retrying to ${what}`,
      );
      await sleep(delayMs, undefined, signal === undefined ? undefined : { signal });
    }
  }
}

/**
 * Connects (waiting for the database like `retryWhileUnavailable`) and says
 * which server it is.
 *
 * @throws the driver's error when the server answers but refuses (e.g. authentication).
 */
export async function connectWithRetry(
  client: MongoClient,
  uri: string,
  backoff: BackoffPolicy,
  log: Logger,
  signal?: AbortSignal,
): Promise<ServerInfo> {
  const server = await retryWhileUnavailable(
    `connect to ${redactUri(uri)}`,
    async () => {
      await client.connect();
      return describeServer(await client.db('admin').command({ buildInfo: 1 }));
    },
    backoff,
    log,
    signal,
  );
  log.info({ uri: redactUri(uri), server: server.kind, version: server.version }, 'connected to the database');
  return server;
}

/**
 * A write that matches nothing, under the configured write concern: passes
 * only when the database takes writes with that concern. Used at start and
 * as the outage probe.
 *
 * @throws SinkError DATABASE_REFUSED when the server refuses the write concern itself;
 *   the driver's error when it is unavailable.
 */
export async function probeWrite(
  collection: Collection<TweetDocument>,
  writeConcern: WriteConcernSettings,
): Promise<void> {
  try {
    await collection.deleteOne({ _id: PROBE_ID }, { writeConcern: driverWriteConcern(writeConcern) });
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    throw new SinkError(
      'DATABASE_REFUSED',
      `the database refused a write with MONGODB_WRITE_CONCERN=${String(writeConcern.w)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
