import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { DlqHeaders } from '@tweet-pipeline/contracts';
import { headerValue } from '@tweet-pipeline/kafka';
import { startEmulator, type RunningEmulator } from '@tweet-pipeline/x-api-emulator';
import {
  freePort,
  openTestWorld,
  readTopic,
  topicEnv,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

// The producer as a process, against the X API as it is in 2026 (the emulator), with Kafka.
const TOKEN = 'emulator-token-for-2026-int-test';
let world: TestWorld;
let emulator: RunningEmulator;

beforeAll(async () => {
  world = await openTestWorld();
  emulator = await startEmulator({
    bearerToken: TOKEN,
    ratePerSecond: 0,
    keepAliveMs: 500,
    usagePostReads: 2_500_000,
    usageCap: 3_000_000,
  });
  world.onClose(() => emulator.close());
});

afterAll(() => world?.close());

async function producer(topics: TestTopics, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  return world.startService({
    name: 'producer',
    port,
    env: {
      ...topicEnv(topics, 3),
      PRODUCER_PORT: String(port),
      PRODUCER_SPOOL_PATH: join(mkdtempSync(join(tmpdir(), 'x-2026-spool-')), 'spool.db'),
      PRODUCER_SOURCES: 'x-filtered-stream',
      X_API_BASE_URL: emulator.url,
      X_BEARER_TOKEN: TOKEN,
      X_STREAM_RULES: '[{"value":"music","tag":"music"}]',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
}

async function readyz(service: ServiceProcess): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${service.spec.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return `${res.status} ${await res.text()}`;
  } catch {
    return '';
  }
}

test('exhausted X credits: /readyz and the metric say so, one long back-off, then the stream resumes', async () => {
  const topics = world.topicNames('x-credits');
  emulator.reset();
  emulator.faults.add({ type: 'usage-cap-exceeded' });
  const service = await producer(topics, { X_CREDITS_BACKOFF_MS: '6000', X_USAGE_POLL_MS: '0' });
  assert.ok(
    await waitFor(async () => (await readyz(service)).includes('X credits exhausted'), 30_000, 200),
    `readyz: ${await readyz(service)}`,
  );
  assert.match(await service.metrics(), /^tweet_pipeline_producer_x_credits_exhausted 1$/m);
  assert.equal(emulator.connected, false, 'no reconnect storm: waiting the back-off');
  assert.ok(await waitFor(() => emulator.connected, 30_000, 200), 'connected after the back-off');
  assert.match(await service.metrics(), /^tweet_pipeline_producer_x_credits_exhausted 0$/m);
  assert.ok(await waitFor(async () => (await readyz(service)).startsWith('200'), 15_000, 200));
  await service.stop();
});

test('a lone surrogate and an endless frame go to tweets.dlq with the reason; the usage gauges are exported', async () => {
  const topics = world.topicNames('x-door');
  emulator.reset();
  const service = await producer(topics, { X_STREAM_MAX_FRAME_BYTES: '65536', X_USAGE_POLL_MS: '1000' });
  assert.ok(await waitFor(() => emulator.connected, 30_000, 200));
  emulator.inject([
    { data: { id: '1900000000000000001', text: 'music \ud800 lone' } },
    { data: { id: '1900000000000000002', text: 'music fine' } },
  ]);
  emulator.faults.add({ type: 'huge-frame', bytes: 1_000_000 });
  assert.ok(await waitFor(() => emulator.connections >= 2 && emulator.connected, 30_000, 200), 'reconnected');
  const dead = await readTopic(world.kafka, topics.dlq, { count: 2, timeoutMs: 30_000 });
  const reasons = dead.map((r) => headerValue(r.headers, DlqHeaders.errorMessage) ?? '');
  assert.ok(
    reasons.some((m) => m.includes('lone surrogate escape) at $.data.text')),
    reasons.join(' | '),
  );
  assert.ok(
    reasons.some((m) => m.includes('exceeds the maximum frame size of 65536 bytes')),
    reasons.join(' | '),
  );
  const raw = await readTopic(world.kafka, topics.raw, { count: 1, timeoutMs: 30_000 });
  assert.deepEqual(
    raw.map((r) => r.key?.toString()),
    ['1900000000000000002'],
  );
  const metrics = await service.metrics();
  assert.match(metrics, /^tweet_pipeline_producer_x_usage_cap 3000000$/m);
  assert.match(metrics, /^tweet_pipeline_producer_x_usage_post_reads 250000\d$/m);
  assert.match(metrics, /^tweet_pipeline_producer_x_usage_projected_post_reads \d+$/m);
  for (const record of dead) for (const h of Object.values(record.headers ?? {})) assert.ok(!String(h).includes(TOKEN));
  await service.stop();
});
