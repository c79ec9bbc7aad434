import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { DlqHeaders } from '@tweet-pipeline/contracts';
import { headerValue } from '@tweet-pipeline/kafka';
import { startEmulator, type RunningEmulator } from '@tweet-pipeline/x-api-emulator';
import {
  nodeArgs,
  fixtureLines,
  fixturesDir,
  openTestWorld,
  readTopic,
  serviceEntry,
  topicEnv,
  waitFor,
  type ServiceProcess,
  type TestTopics,
  type TestWorld,
} from '@tweet-pipeline/testkit';

const TOKEN = 'emulator-token-for-int-test';
let world: TestWorld;
let emulator: RunningEmulator;

beforeAll(async () => {
  world = await openTestWorld();
  emulator = await startEmulator({ bearerToken: TOKEN, ratePerSecond: 100, musicRatio: 0.5, keepAliveMs: 500 });
  world.onClose(() => emulator.close());
});

afterAll(() => world?.close());

/** A producer process on the test's topics (it creates them), tracked by the world. */
function producer(topics: TestTopics, env: Record<string, string>): ServiceProcess {
  return world.startService({
    name: 'producer',
    env: {
      ...topicEnv(topics, 3),
      PRODUCER_PORT: '0',
      PRODUCER_SPOOL_PATH: join(mkdtempSync(join(tmpdir(), 'x-int-spool-')), 'spool.db'),
      X_API_BASE_URL: emulator.url,
      X_BEARER_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
}

test('producer publishes every tweet the X stream sent, byte for byte, through disconnects and a malformed line', async () => {
  const topics = world.topicNames('x-stream');
  emulator.reset();
  const service = producer(topics, { PRODUCER_SOURCES: 'x-filtered-stream', X_STREAM_STALL_MS: '3000' });
  await waitFor(() => emulator.sent().length > 100, 30_000);
  emulator.faults.add({ type: 'operational-disconnect' });
  await waitFor(() => emulator.sent().length > 200, 30_000);
  emulator.faults.add({ type: 'malformed-line' });
  emulator.faults.add({ type: 'tcp-reset' });
  await waitFor(() => emulator.sent().length > 300, 30_000);
  emulator.faults.add({ type: 'stall', durationMs: 6_000 });
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  await service.stop();
  const sent = emulator.sent();

  const { kafka } = world;
  const raw = await readTopic(kafka, topics.raw, { count: sent.length, timeoutMs: 60_000, settleMs: 1_000 });
  const published = new Set(raw.map((r) => r.value?.toString('utf8')));
  const missing = sent.filter((line) => !published.has(line));
  assert.equal(missing.length, 0, `${missing.length} of ${sent.length} tweets the emulator sent are not in tweets.raw`);
  for (const record of raw)
    assert.equal(record.key, (JSON.parse(record.value!.toString()) as { data: { id: string } }).data.id);
  assert.equal(headerValue(raw[0]?.headers, 'source'), 'x-filtered-stream');
  const dead = await readTopic(kafka, topics.dlq, { count: 1, timeoutMs: 30_000 });
  assert.equal(headerValue(dead[0]?.headers, DlqHeaders.errorCode), 'INVALID_JSON');
  assert.equal(headerValue(dead[0]?.headers, DlqHeaders.service), 'producer');
});

test('recent search resumes from its checkpoint after a restart, without re-reading', async () => {
  const topics = world.topicNames('x-search');
  world.adoptTopics(`${topics.raw}.checkpoints`);
  const env = {
    PRODUCER_SOURCES: 'x-recent-search',
    X_SEARCH_QUERY: 'music',
    X_SEARCH_INTERVAL_MS: '1000',
    TOPIC_PRODUCER_CHECKPOINTS: `${topics.raw}.checkpoints`,
  };
  const first = producer(topics, env);
  const { kafka } = world;
  await waitFor(
    async () => (await readTopic(kafka, topics.raw, { count: 50, timeoutMs: 3_000 })).length >= 50,
    60_000,
    1_000,
  );
  await first.stop();
  const beforeRestart = await readTopic(kafka, topics.raw, { timeoutMs: 5_000 });
  const second = producer(topics, env);
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  await second.stop();
  const all = await readTopic(kafka, topics.raw, { timeoutMs: 8_000 });
  const ids = all.map((r) => r.key);
  assert.ok(all.length > beforeRestart.length, 'the restarted producer kept polling');
  assert.equal(new Set(ids).size, ids.length, 'no tweet was read twice: since_id came from the checkpoint');
  assert.equal(headerValue(all[0]?.headers, 'source'), 'x-recent-search');
});

test('npm run replay publishes every recorded tweet with its id intact and the truncated line to the DLQ', async () => {
  const topics = world.topicNames('replay');
  const { kafka } = world;
  const files = [
    'filtered-stream-2021-04-01.jsonl',
    'filtered-stream-with-truncated-line.jsonl',
    'recent-search-page-brexit.jsonl',
  ];
  const replayCli = serviceEntry('producer', 'replay-cli');
  const result = spawnSync(process.execPath, [...nodeArgs(replayCli), ...files.map((f) => join(fixturesDir, f))], {
    env: { ...process.env, ...topicEnv(topics, 3), KAFKA_BROKERS: world.stack.brokers.join(','), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').at(-1)!), {
    published: 115,
    invalid: 1,
    error_payloads: 1,
    skipped: 0,
  });

  const raw = await readTopic(kafka, topics.raw, { count: 115, timeoutMs: 60_000, settleMs: 1_000 });
  assert.equal(raw.length, 115);
  const streamLines = fixtureLines(files[0]!).filter((l) => l.includes('"data"'));
  for (const line of streamLines) {
    const id = (JSON.parse(line) as { data: { id: string } }).data.id;
    const record = raw.find((r) => r.key === id);
    assert.equal(record?.value?.toString('utf8'), line, `stream tweet ${id} published exactly as recorded`);
    // Rule ids beyond 2^53 keep every digit because the bytes are untouched.
    assert.match(record?.value?.toString('utf8') ?? '', /"matching_rules": \[\{"id": \d{19}/);
  }
  const searchIds = (JSON.parse(fixtureLines(files[2]!)[0]!) as { data: { id: string }[] }).data.map((t) => t.id);
  const rawIds = new Set(raw.map((r) => r.key));
  for (const id of searchIds) assert.ok(rawIds.has(id), `search tweet ${id}`);
  const dead = await readTopic(kafka, topics.dlq, { count: 1, timeoutMs: 30_000, settleMs: 1_000 });
  assert.equal(dead.length, 1);
  assert.equal(dead[0]?.value?.toString('utf8'), fixtureLines(files[1]!).at(-1));
  assert.equal(headerValue(dead[0]?.headers, DlqHeaders.errorCode), 'INVALID_JSON');
});
