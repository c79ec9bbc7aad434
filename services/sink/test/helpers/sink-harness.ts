import {
  freePort,
  topicEnv,
  uniqueName,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

export interface SinkRun {
  readonly topics: TestTopics;
  readonly partitions: number;
  readonly database: string;
  readonly groupId: string;
}

/**
 * A sink child process on the test's own topics, database and group, on a
 * free port (so the test can read /metrics and /readyz), tracked by the world
 * (its close() stops it); its log goes to a temp file named in `spec.logFile`.
 */
export async function startSink(
  world: TestWorld,
  run: SinkRun,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  return world.startService({
    name: 'sink',
    port,
    env: {
      ...topicEnv(run.topics, run.partitions),
      MONGODB_DATABASE: run.database,
      SINK_GROUP_ID: run.groupId,
      SINK_PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
  });
}

// The sink bench takes its port from here.
export { freePort };

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

/**
 * One test's own clean and DLQ topics (created now), database and consumer
 * group, all named after `prefix` and cleaned up by the world's close().
 */
export async function newSinkRun(world: TestWorld, prefix: string, partitions: number): Promise<SinkRun> {
  return {
    topics: await world.topics(prefix, partitions, ['clean', 'dlq']),
    partitions,
    database: world.database(`tp_${prefix}`),
    groupId: uniqueName(`${prefix}-group`),
  };
}
