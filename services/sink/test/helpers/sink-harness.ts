import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, serviceEntry, topicEnv, uniqueName, type StackEndpoints } from '@tweet-pipeline/testkit';
import type { testTopics } from '@tweet-pipeline/testkit';

export interface SinkRun {
  readonly topics: ReturnType<typeof testTopics>;
  readonly partitions: number;
  readonly database: string;
  readonly groupId: string;
}

/**
 * A sink child process on the test's own topics, database and group, on a
 * free port (so the test can read /metrics and /readyz); its log goes to a
 * temp file named in `spec.logFile`.
 */
export async function startSink(
  stack: StackEndpoints,
  run: SinkRun,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const logFile = join(tmpdir(), `${uniqueName('sink')}.log`);
  const port = await freePort();
  return new ServiceProcess({
    name: 'sink',
    entry: serviceEntry('sink'),
    port,
    logFile,
    env: {
      ...process.env,
      ...topicEnv(run.topics, run.partitions),
      KAFKA_BROKERS: stack.brokers.join(','),
      MONGODB_URI: stack.mongoUri,
      MONGODB_DATABASE: run.database,
      SINK_GROUP_ID: run.groupId,
      SINK_PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
  });
}

/** A database name for one test (MongoDB names allow no '-' in some tools; FerretDB none at all). */
export function testDatabase(prefix: string): string {
  return uniqueName(prefix).replaceAll('-', '_');
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The sink's /readyz answer: status and reason. */
export async function readiness(sink: ServiceProcess): Promise<{ status: number; reason?: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${sink.spec.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { reason?: string };
    return { status: res.status, ...(body.reason === undefined ? {} : { reason: body.reason }) };
  } catch {
    return { status: 0 };
  }
}

/** One sample of a Prometheus text exposition, e.g. metric(text, 'x_total', { result: 'inserted' }). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (!wanted.every((w) => rest.includes(w))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
