import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, test } from 'vitest';
import {
  cleanTweetSchema,
  cleanTweetV2Schema,
  DlqHeaders,
  MAX_RECORD_BYTES,
  recordBytes,
  type CleanTweet,
} from '@tweet-pipeline/contracts';
import {
  batchOutput,
  loadFilterConfig,
  PartitionedDedupeState,
  processBatch,
  validateRaw,
  type BatchRecord,
} from '@tweet-pipeline/filter';
import { headerValue, type KafkaMessage, type Message, type Producer, type TopicMessages } from '@tweet-pipeline/kafka';
import { classifyStreamLine, fitsInKafka, RawPublisher, replayLine, type RawRecord } from '@tweet-pipeline/producer';
import { loadCorpus, validTweet, type LoadedEntry } from '../src/index.js';

// The pure path of every stage, entry by entry: the filter's validateRaw/processBatch/batchOutput, the
// producer's replayLine/classifyStreamLine/RawPublisher. Nothing may throw; no prototype may change.

const corpus = loadCorpus();
const rules = loadFilterConfig({}).rules;
const topics = { clean: 'clean', dedupeState: 'state', dlq: 'dlq' };
const NOW = 1_700_000_000_500;

const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype };
let prototypeKeys: Record<string, string[]>;
const ownKeys = (): Record<string, string[]> =>
  Object.fromEntries(Object.entries(prototypes).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String)]));

beforeAll(() => {
  prototypeKeys = ownKeys();
});

afterAll(() => {
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype polluted');
  assert.equal(([] as unknown as { polluted?: unknown }).polluted, undefined, 'Array.prototype polluted');
  assert.deepEqual(ownKeys(), prototypeKeys, 'no prototype gained or lost a property');
});

function freshSeen() {
  const state = new PartitionedDedupeState({ windowMs: 3_600_000 });
  state.assign(0);
  return state.forPartition(0);
}

function asRecord(entry: LoadedEntry, offset: string): BatchRecord {
  return {
    key: entry.keyBytes?.toString('utf8') ?? null,
    value: entry.valueBytes,
    source: entry.headers.source,
    receivedAt: entry.headers['received-at'],
    offset,
  };
}

function validRecord(n: number, offset: string): BatchRecord {
  const tweet = validTweet(n);
  return {
    key: tweet.id,
    value: Buffer.from(tweet.value),
    source: tweet.headers.source,
    receivedAt: tweet.headers['received-at'],
    offset,
  };
}

/** The same record as a Kafka message, as the filter's main loop hands it to batchOutput. */
function asMessage(record: BatchRecord, keyBytes: Buffer | null): KafkaMessage {
  return { offset: record.offset, key: keyBytes, value: record.value, headers: {} } as unknown as KafkaMessage;
}

function assertFits(message: Message, what: string): void {
  const bytes = recordBytes({
    key: message.key as Buffer | string | null,
    value: message.value as Buffer | string | null,
    headers: message.headers as Record<string, string>,
  });
  assert.ok(bytes <= MAX_RECORD_BYTES, `${what}: a record of ${bytes} bytes would be refused by Kafka`);
}

/** A DLQ record holds the original bytes, or — only when they could not fit — a prefix with size and sha256. */
function assertDeadLetterValue(dead: Message, original: Buffer | null, truncated: boolean, what: string): void {
  const size = headerValue(dead.headers, DlqHeaders.originalSize);
  if (!truncated) {
    assert.equal(size, undefined, `${what}: not truncated`);
    assert.deepEqual(
      dead.value === null ? null : Buffer.from(dead.value as Buffer),
      original,
      `${what}: bytes untouched`,
    );
    return;
  }
  assert.ok(original !== null);
  const value = Buffer.from(dead.value as Buffer | string);
  if (original.length > value.length) {
    assert.equal(size, String(original.length), `${what}: original-size`);
    assert.equal(
      headerValue(dead.headers, DlqHeaders.originalSha256),
      createHash('sha256').update(original).digest('hex'),
      `${what}: original-sha256`,
    );
    assert.deepEqual(value, original.subarray(0, value.length), `${what}: a prefix of the original`);
  } else {
    const key = Buffer.from((dead.key ?? '') as Buffer | string);
    assert.ok(headerValue(dead.headers, DlqHeaders.originalKeySize) !== undefined, `${what}: the key was cut`);
    assert.ok(key.length <= 1024, `${what}: key prefix`);
  }
}

function fakePublisher() {
  const sent: TopicMessages[] = [];
  const producer = {
    sendBatch: async ({ topicMessages }: { topicMessages: TopicMessages[] }) => {
      sent.push(...topicMessages);
      return [];
    },
  } as unknown as Producer;
  const publisher = new RawPublisher(producer, { raw: 'raw', dlq: 'dlq' }, producerMetrics());
  const messages = (topic: string): Message[] => sent.filter((t) => t.topic === topic).flatMap((t) => t.messages);
  return { publisher, messages };
}

function producerMetrics(): ConstructorParameters<typeof RawPublisher>[2] {
  const noop = { inc: () => undefined };
  return { published: noop, dlq: noop } as unknown as ConstructorParameters<typeof RawPublisher>[2];
}

function describe(entry: LoadedEntry): string {
  const f = entry.filter;
  if (f.outcome === 'pass') return 'passes, and the valid tweets around it';
  if (f.service === 'producer') return `cannot be a Kafka record: the producer dead-letters it as ${f.code}`;
  return `goes to the DLQ as ${f.code}, the valid tweets around it pass`;
}

test('the corpus holds at least 40 kinds of input, each named once', () => {
  assert.ok(corpus.length >= 40, `${corpus.length} kinds`);
  assert.equal(new Set(corpus.map((e) => e.kind)).size, corpus.length);
  assert.ok(corpus.filter((e) => e.filter.outcome === 'dlq').length >= 40, 'at least 40 kinds of bad input');
});

for (const entry of corpus) {
  test(`filter: ${entry.group}/${entry.kind} ${describe(entry)}`, async () => {
    const expected = entry.filter;
    if (expected.outcome === 'dlq' && expected.service === 'producer') {
      // No Kafka record can hold it: the producer must dead-letter it, bounded, instead of retrying forever.
      const { publisher, messages } = fakePublisher();
      const record: RawRecord = {
        key: entry.keyBytes?.toString('utf8') ?? '',
        value: entry.valueBytes ?? Buffer.alloc(0),
        source: 'replay',
        receivedAt: 1_700_000_000_000,
      };
      assert.equal(fitsInKafka(record), false);
      await publisher.publish([record]);
      const [dead, ...more] = messages('dlq');
      assert.ok(dead);
      assert.equal(more.length, 0);
      assert.equal(messages('raw').length, 0);
      assert.equal(headerValue(dead.headers, DlqHeaders.errorCode), expected.code);
      assert.match(headerValue(dead.headers, DlqHeaders.errorMessage) ?? '', new RegExp(expected.reason ?? '.'));
      assertDeadLetterValue(dead, entry.valueBytes, expected.truncated ?? false, entry.kind);
      assertFits(dead, entry.kind);
      return;
    }

    const record = asRecord(entry, '11');
    const validated = validateRaw(record);
    const batch = [validRecord(1, '10'), record, validRecord(2, '12')];
    const result = processBatch(batch, freshSeen(), rules, NOW);
    const ids = result.clean.map((t) => t.id);
    assert.ok(ids.includes(validTweet(1).id) && ids.includes(validTweet(2).id), 'the valid tweets around it pass');

    const output = batchOutput(
      result,
      { topic: 'raw', partition: 0, messages: batch.map((r) => asMessage(r, r === record ? entry.keyBytes : null)) },
      topics,
      'filter',
      NOW,
    );
    for (const { messages } of output) for (const m of messages) assertFits(m, entry.kind);

    if (expected.outcome === 'pass') {
      assert.equal(validated.ok, true, validated.ok ? '' : `${validated.code}: ${validated.reason}`);
      assert.equal(result.invalid.length, 0);
      assert.equal(result.clean.length, 3);
      const clean = cleanTweetSchema.parse(result.clean[1]) as CleanTweet & Record<string, unknown>;
      for (const [field, value] of Object.entries(expected.clean ?? {})) assert.deepEqual(clean[field], value, field);
      // CleanTweet v2 keeps X's own objects whole (the sink escapes the keys MongoDB refuses); outside them,
      // only the contract's keys: nothing an attacker sends reaches the fields the pipeline defines.
      const { data, includes, expansions, errors, ...own } = clean as CleanTweet & Record<string, unknown>;
      assert.ok(data !== undefined && includes !== undefined && expansions !== undefined && errors !== undefined);
      assert.doesNotMatch(
        JSON.stringify(own),
        /"\$|"__proto__"|"constructor"|"prototype"|"polluted"/,
        'only CleanTweet keys',
      );
      assert.deepEqual(Object.keys(clean).sort(), Object.keys(cleanTweetV2Schema.shape).sort(), 'the v2 keys');
      return;
    }
    assert.equal(validated.ok, expected.code === 'MESSAGE_TOO_LARGE', 'validateRaw alone');
    if (!validated.ok) assert.equal(validated.code, expected.code);
    assert.deepEqual(
      result.invalid.map((i) => [i.record.offset, i.code]),
      [['11', expected.code]],
    );
    const reason = result.invalid[0]?.reason ?? '';
    assert.ok(reason.length > 0, 'a reason');
    assert.match(reason, new RegExp(expected.reason ?? '.'));
    const dead = output.find((t) => t.topic === 'dlq')?.messages ?? [];
    assert.equal(dead.length, 1);
    assert.equal(headerValue(dead[0]!.headers, DlqHeaders.errorCode), expected.code);
    assertDeadLetterValue(dead[0]!, entry.valueBytes, expected.truncated ?? false, entry.kind);
  });
}

for (const entry of corpus.filter((e) => e.replay !== null)) {
  const expected = entry.replay!;
  const name = expected.outcome === 'dlq' ? `goes to the DLQ as ${expected.code}` : `is ${expected.outcome}`;
  test(`replay: ${entry.group}/${entry.kind} ${name}`, async () => {
    const line = entry.valueBytes ?? Buffer.alloc(0);
    assert.ok(!line.includes(0x0a), 'one line');
    classifyStreamLine(line); // the X stream path reads the same bytes: it must not throw either
    const parsed = replayLine(line, 1_700_000_000_000);
    switch (expected.outcome) {
      case 'skipped':
        assert.deepEqual(parsed, { kind: 'empty' });
        return;
      case 'error-payload':
        assert.equal(parsed.kind, 'error-payload');
        return;
      case 'published': {
        assert.equal(parsed.kind, 'records');
        const records = parsed.kind === 'records' ? parsed.records : [];
        assert.equal(records.length, expected.records);
        for (const record of records) {
          assert.equal(record.invalid, undefined);
          assert.ok(fitsInKafka(record));
        }
        return;
      }
      case 'dlq': {
        assert.equal(parsed.kind, 'records');
        const records = parsed.kind === 'records' ? parsed.records : [];
        assert.equal(records.length, 1);
        const { publisher, messages } = fakePublisher();
        await publisher.publish(records);
        assert.equal(messages('raw').length, 0);
        const [dead] = messages('dlq');
        assert.ok(dead);
        assert.equal(headerValue(dead.headers, DlqHeaders.errorCode), expected.code);
        assert.ok((headerValue(dead.headers, DlqHeaders.errorMessage) ?? '').length > 0, 'a reason');
        assertFits(dead, entry.kind);
        const value = records[0]!.value;
        assertDeadLetterValue(dead, Buffer.from(value), expected.truncated ?? false, entry.kind);
      }
    }
  });
}

test('processBatch handles the whole corpus in one batch, interleaved with valid tweets, entry by entry', () => {
  const filterEntries = corpus.filter((e) => e.filter.outcome === 'pass' || e.filter.service === 'filter');
  const batch: BatchRecord[] = [];
  filterEntries.forEach((entry, i) => {
    batch.push(validRecord(i, `v${i}`), asRecord(entry, `e${i}`));
  });
  const result = processBatch(batch, freshSeen(), rules, NOW);
  const expectDlq = filterEntries.flatMap((e, i) => (e.filter.outcome === 'dlq' ? [[`e${i}`, e.filter.code]] : []));
  assert.deepEqual(
    result.invalid.map((i) => [i.record.offset, i.code]),
    expectDlq,
  );
  const passing = filterEntries.filter((e) => e.filter.outcome === 'pass').length;
  assert.equal(result.clean.length, filterEntries.length + passing);
  assert.deepEqual(result.counts, {
    passed: filterEntries.length + passing,
    duplicate: 0,
    filtered_out: 0,
    invalid: expectDlq.length,
  });
});
