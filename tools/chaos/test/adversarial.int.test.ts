import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { cleanTweetSchema, DlqHeaders, type DlqErrorCode } from '@tweet-pipeline/contracts';
import { headerValue, type Kafka, type Producer } from '@tweet-pipeline/kafka';
import { createMetricsRegistry } from '@tweet-pipeline/observability';
import { RawPublisher, producerMetrics, replayLine, type RawRecord } from '@tweet-pipeline/producer';
import {
  nodeArgs,
  freePort,
  openTestWorld,
  readTopic,
  serviceEntry,
  topicEnv,
  uniqueName,
  type ReadRecord,
  type TestWorld,
} from '@tweet-pipeline/testkit';
import { loadCorpus, validTweet, type LoadedEntry } from '../src/index.js';

// The whole adversarial corpus on the real broker: through a running filter (child process, own topics
// and group), and as a JSONL file through replay-cli. Every bad entry must end up in the DLQ exactly
// once with its reason, every valid tweet around it must come out exactly once, and nothing may stop.

const corpus = loadCorpus();
let world: TestWorld;
let kafka: Kafka;
let producer: Producer;

beforeAll(async () => {
  // One awaited send per corpus entry: createProducer's own short linger.
  world = await openTestWorld({ producer: { lingerMs: 5 } });
  kafka = world.kafka;
  producer = await world.producer();
});

afterAll(() => world?.close());

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (data: ReadRecord['value'] | string): Buffer => Buffer.from(data ?? '');

/** Which DLQ record is the dead letter of `original`: its bytes, or its sha256 when only a prefix fits. */
function holds(record: ReadRecord, original: Buffer): boolean {
  const sha = headerValue(record.headers, DlqHeaders.originalSha256);
  return sha === undefined ? bytesOf(record.value).equals(original) : sha === sha256(original);
}

function assertDeadLetter(
  record: ReadRecord,
  expected: { code: DlqErrorCode; reason?: string; service: string },
  original: { key: Buffer | null; value: Buffer | null },
  what: string,
): void {
  assert.equal(headerValue(record.headers, DlqHeaders.errorCode), expected.code, `${what}: error-code`);
  const message = headerValue(record.headers, DlqHeaders.errorMessage) ?? '';
  assert.ok(message.length > 0, `${what}: error-message`);
  assert.match(message, new RegExp(expected.reason ?? '.'), `${what}: error-message`);
  assert.equal(headerValue(record.headers, DlqHeaders.service), expected.service, `${what}: service`);
  const size = headerValue(record.headers, DlqHeaders.originalSize);
  if (size === undefined) {
    assert.deepEqual(record.value === null ? null : bytesOf(record.value), original.value, `${what}: bytes untouched`);
  } else {
    assert.equal(size, String(original.value?.length), `${what}: original-size`);
    assert.ok(original.value?.subarray(0, record.value?.length).equals(record.value!), `${what}: a prefix`);
  }
  const keySize = headerValue(record.headers, DlqHeaders.originalKeySize);
  const key = record.key === null ? null : Buffer.from(record.key);
  if (keySize === undefined) assert.deepEqual(key, original.key, `${what}: key untouched`);
  else assert.ok(original.key?.subarray(0, key?.length).equals(key!), `${what}: a key prefix`);
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

test('filter dead-letters every bad entry of the corpus exactly once with its reason, passes every valid tweet exactly once, and keeps running', async () => {
  const topics = await world.topics('chaos', 3);
  const port = await freePort();
  const filter = world.startService({
    name: 'filter',
    port,
    env: {
      ...topicEnv(topics, 3),
      FILTER_GROUP_ID: uniqueName('chaos-filter-group'),
      FILTER_INSTANCE_ID: uniqueName('chaos-filter'),
      FILTER_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  const publisher = new RawPublisher(
    producer,
    { raw: topics.raw, dlq: topics.dlq },
    producerMetrics(createMetricsRegistry()),
  );

  // One record at a time, so each entry's partition and offset are known; valid tweets in between.
  const located = new Map<string, LoadedEntry>();
  const viaProducer: LoadedEntry[] = [];
  const valid: string[] = [];
  const sendValid = async (n: number) => {
    const tweet = validTweet(n);
    await producer.send({
      topic: topics.raw,
      messages: [{ key: tweet.id, value: tweet.value, headers: tweet.headers }],
    });
    valid.push(tweet.id);
  };
  for (const [i, entry] of corpus.entries()) {
    await sendValid(i);
    if (entry.filter.outcome === 'dlq' && entry.filter.service === 'producer') {
      const record: RawRecord = {
        key: entry.keyBytes?.toString('utf8') ?? '',
        value: entry.valueBytes ?? Buffer.alloc(0),
        source: 'replay',
        receivedAt: Date.now(),
      };
      await publisher.publish([record]);
      viaProducer.push(entry);
      continue;
    }
    const [meta] = await producer.send({
      topic: topics.raw,
      messages: [{ key: entry.keyBytes, value: entry.valueBytes, headers: { ...entry.headers } }],
    });
    assert.ok(meta?.baseOffset !== undefined);
    located.set(`${meta.partition}/${meta.baseOffset}`, entry);
  }
  await sendValid(corpus.length);

  const bad = corpus.filter((e) => e.filter.outcome === 'dlq');
  const passing = corpus.filter((e) => e.filter.outcome === 'pass');
  const dead = await readTopic(kafka, topics.dlq, { count: bad.length, timeoutMs: 180_000, settleMs: 3_000 });
  const clean = await readTopic(kafka, topics.clean, {
    count: valid.length + passing.length,
    timeoutMs: 180_000,
    settleMs: 3_000,
  });
  assert.equal(filter.running, true, 'the filter is still running');

  // Every DLQ record is the dead letter of exactly one bad entry, and every bad entry has one.
  const found = new Map<string, ReadRecord[]>();
  for (const record of dead) {
    const service = headerValue(record.headers, DlqHeaders.service);
    const entry =
      service === 'filter'
        ? located.get(
            `${headerValue(record.headers, DlqHeaders.sourcePartition)}/${headerValue(record.headers, DlqHeaders.sourceOffset)}`,
          )
        : viaProducer.find((e) => e.valueBytes !== null && holds(record, e.valueBytes));
    assert.ok(entry, `DLQ record from ${service} at ${record.partition}/${record.offset} belongs to no bad entry`);
    found.set(entry.kind, [...(found.get(entry.kind) ?? []), record]);
  }
  for (const entry of bad) {
    assert.equal(entry.filter.outcome, 'dlq');
    const records = found.get(entry.kind) ?? [];
    assert.equal(records.length, 1, `${entry.kind}: ${records.length} DLQ records`);
    if (entry.filter.outcome === 'dlq') {
      if (entry.filter.service === 'filter')
        assert.equal(headerValue(records[0]!.headers, DlqHeaders.sourceTopic), topics.raw);
      assertDeadLetter(records[0]!, entry.filter, { key: entry.keyBytes, value: entry.valueBytes }, entry.kind);
    }
  }
  assert.equal(dead.length, bad.length);

  // Every valid tweet and every valid entry exactly once, as a CleanTweet.
  const cleanIds = clean.map((r) => r.key);
  const expectIds = [
    ...valid,
    ...passing.map((e) => (JSON.parse(e.valueBytes!.toString('utf8')) as { data: { id: string } }).data.id),
  ];
  assert.deepEqual([...cleanIds].sort(), [...expectIds].sort());
  for (const record of clean) {
    const tweet = cleanTweetSchema.parse(JSON.parse(bytesOf(record.value).toString('utf8')));
    assert.equal(tweet.id, record.key);
  }

  const metrics = await filter.metrics();
  const filterDead = bad.filter((e) => e.filter.outcome === 'dlq' && e.filter.service === 'filter');
  assert.equal(metricValue(metrics, 'tweet_pipeline_filter_messages_total', 'outcome="invalid"'), filterDead.length);
  assert.equal(metricValue(metrics, 'tweet_pipeline_filter_messages_total', 'outcome="passed"'), expectIds.length);
  assert.equal(filter.running, true, 'the filter is still running');
});

test('replay-cli publishes the tweets of the corpus as JSONL, dead-letters its bad lines with their reason and counts every line', async () => {
  // replay-cli creates its topics.
  const topics = world.topicNames('chaos-replay');
  const entries = corpus.filter((e) => e.replay !== null);
  const lines: Buffer[] = [];
  const valid: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const tweet = validTweet(i);
    lines.push(Buffer.from(tweet.value), entry.valueBytes ?? Buffer.alloc(0));
    valid.push(tweet.value);
  }
  // A byte-order mark starts the file: file metadata, so the first tweet must still be published.
  const file = join(mkdtempSync(join(tmpdir(), 'chaos-replay-')), 'corpus.jsonl');
  writeFileSync(file, Buffer.concat([Buffer.from('\uFEFF'), ...lines.flatMap((line) => [line, Buffer.from('\n')])]));

  // What each line must become, predicted line by line by the pure replayLine (checked against the
  // manifest by adversarial-units.test.ts) and required here of the real CLI on the real broker.
  const expectRaw: { key: string; value: Buffer }[] = valid.map((value) => ({
    key: (JSON.parse(value) as { data: { id: string } }).data.id,
    value: Buffer.from(value),
  }));
  const expectDead: { entry: LoadedEntry; key: Buffer | null; value: Buffer; code: DlqErrorCode }[] = [];
  const counts = { published: valid.length, invalid: 0, error_payloads: 0, skipped: 0 };
  for (const entry of entries) {
    const expected = entry.replay!;
    const parsed = replayLine(entry.valueBytes ?? Buffer.alloc(0), 1);
    const records = parsed.kind === 'records' ? parsed.records : [];
    switch (expected.outcome) {
      case 'published':
        counts.published += expected.records;
        expectRaw.push(...records.map((r) => ({ key: r.key, value: Buffer.from(r.value) })));
        break;
      case 'dlq':
        counts.invalid++;
        expectDead.push({
          entry,
          key: records[0]!.key === '' ? null : Buffer.from(records[0]!.key),
          value: Buffer.from(records[0]!.value),
          code: expected.code,
        });
        break;
      case 'error-payload':
        counts.error_payloads++;
        break;
      case 'skipped':
        counts.skipped++;
    }
  }

  const replayCli = serviceEntry('producer', 'replay-cli');
  const result = spawnSync(process.execPath, [...nodeArgs(replayCli), file], {
    env: { ...process.env, ...topicEnv(topics, 3), KAFKA_BROKERS: world.stack.brokers.join(','), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').at(-1)!), counts);

  const raw = await readTopic(kafka, topics.raw, { count: counts.published, timeoutMs: 120_000, settleMs: 2_000 });
  const rawKey = (r: { key: string | null; value: Buffer }) => `${r.key} ${sha256(r.value)}`;
  assert.deepEqual(
    raw.map((r) => rawKey({ key: r.key, value: bytesOf(r.value) })).sort(),
    expectRaw.map(rawKey).sort(),
    'tweets.raw holds exactly the published lines, bytes as in the file',
  );
  for (const record of raw) assert.equal(headerValue(record.headers, 'source'), 'replay');

  const dead = await readTopic(kafka, topics.dlq, { count: counts.invalid, timeoutMs: 120_000, settleMs: 2_000 });
  assert.equal(dead.length, expectDead.length);
  for (const { entry, key, value, code } of expectDead) {
    const matches = dead.filter((record) => holds(record, value));
    assert.equal(matches.length, 1, `${entry.kind}: ${matches.length} DLQ records`);
    assertDeadLetter(matches[0]!, { code, service: 'producer' }, { key, value }, entry.kind);
    assert.equal(headerValue(matches[0]!.headers, DlqHeaders.sourceTopic), 'x:replay');
  }
});
