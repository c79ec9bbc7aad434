import { MongoClient, type MongoClientOptions as DriverOptions } from 'mongodb';
import { redactUri, retryWithBackoff, type BackoffPolicy, type Logger } from '@tweet-pipeline/observability';
import { isDatabaseUnavailable } from './errors.js';
import { describeServer, type ServerInfo } from './server-info.js';

export interface MongoClientOptions {
  readonly uri: string;
  /** Shown in the server's logs and currentOp: `tweet-pipeline-<service>`. */
  readonly appName: string;
  /** A read or write slower than this fails on the socket and counts as "database unavailable". */
  readonly socketTimeoutMs?: number;
  /** Credentials given beside the URI (they win over the URI's); see libs/config MongoConnection. */
  readonly auth?: {
    readonly username?: string;
    readonly password?: string;
    readonly source?: string;
    readonly mechanism?: string;
  };
  /** TLS files given beside the URI; any of them turns TLS on. */
  readonly tls?: {
    readonly caFile?: string;
    readonly certificateKeyFile?: string;
    readonly certificateKeyPassword?: string;
  };
}

/**
 * A pipeline service's client. TLS and credentials come from the connection
 * string and from `auth`/`tls` (which win). The driver's own single write
 * retry is off: services retry, idempotently, with their own backoff
 * (`retryWhileUnavailable`).
 */
export function createMongoClient(options: MongoClientOptions): MongoClient {
  return new MongoClient(options.uri, {
    appName: options.appName,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: options.socketTimeoutMs ?? 30_000,
    retryWrites: false,
    ...securityOptions(options),
  });
}

/** The driver options for `auth` and `tls`; only those set, so the URI's own options stay in force. Pure. */
export function securityOptions(options: Pick<MongoClientOptions, 'auth' | 'tls'>): DriverOptions {
  const { auth, tls } = options;
  const driver: DriverOptions = {};
  if (auth?.username !== undefined) {
    driver.auth = { username: auth.username, ...(auth.password !== undefined && { password: auth.password }) };
  }
  if (auth?.source !== undefined) driver.authSource = auth.source;
  if (auth?.mechanism !== undefined) driver.authMechanism = auth.mechanism as DriverOptions['authMechanism'];
  if (tls !== undefined) {
    driver.tls = true;
    if (tls.caFile !== undefined) driver.tlsCAFile = tls.caFile;
    if (tls.certificateKeyFile !== undefined) driver.tlsCertificateKeyFile = tls.certificateKeyFile;
    if (tls.certificateKeyPassword !== undefined) driver.tlsCertificateKeyFilePassword = tls.certificateKeyPassword;
  }
  return driver;
}

export interface RetryOptions {
  /** What is being attempted, for the log line: "connect to …", "create indexes". */
  readonly what: string;
  readonly backoff: BackoffPolicy;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** Errors besides "database unavailable" that another attempt gets past (e.g. a lost race). */
  readonly retryAlso?: (err: unknown) => boolean;
  /** Told when an attempt fails because the database is unavailable, and when one succeeds: for /readyz. */
  readonly onAvailability?: (available: boolean) => void;
}

/**
 * Runs `operation` until it succeeds, waiting out an unavailable database
 * with capped backoff, so a service neither crashes nor spins while its
 * database is away. The operation must be safe to run again.
 *
 * @throws the operation's error when it means "refused" rather than
 *   "unavailable"; an AbortError when `signal` fires.
 */
export function retryWhileUnavailable<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { retryAlso, onAvailability, ...rest } = options;
  return retryWithBackoff(operation, {
    ...rest,
    retriable: (err) => isDatabaseUnavailable(err) || (retryAlso?.(err) ?? false),
    onRetry: (err) => {
      if (isDatabaseUnavailable(err)) onAvailability?.(false);
    },
    onSuccess: () => onAvailability?.(true),
  });
}

/**
 * Connects (waiting for the database like `retryWhileUnavailable`) and says
 * which server it is, with the features it lacks (`ServerGaps`) for the caller
 * to warn about where they matter.
 *
 * @throws the driver's error when the server answers but refuses (e.g. authentication).
 */
export async function connectWithRetry(
  client: MongoClient,
  uri: string,
  options: Omit<RetryOptions, 'what' | 'retryAlso'>,
): Promise<ServerInfo> {
  const server = await retryWhileUnavailable(
    async () => {
      await client.connect();
      return describeServer(await client.db('admin').command({ buildInfo: 1 }));
    },
    { ...options, what: `connect to ${redactUri(uri)}` },
  );
  options.log.info({ uri: redactUri(uri), server: server.kind, version: server.version }, 'connected to the database');
  return server;
}
