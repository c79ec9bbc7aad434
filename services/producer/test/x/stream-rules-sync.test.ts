import assert from 'node:assert/strict';
import { test } from 'vitest';
import { Registry } from 'prom-client';
import { startEmulator, type RunningEmulator } from '@tweet-pipeline/x-api-emulator';
import { waitFor } from '@tweet-pipeline/testkit';
import { loadProducerConfig } from '../../src/config.js';
import { producerMetrics } from '../../src/metrics.js';
import { startFilteredStream } from '../../src/sources/x-sources.js';
import { XAccessError } from '../../src/x/filtered-stream-source.js';
import {
  checkStreamRules,
  InvalidStreamRulesError,
  syncStreamRules,
  syncStreamRulesAtStart,
} from '../../src/x/stream-rules.js';
import { createXClient } from '../../src/x/x-client.js';
import { xTestLog } from '../helpers/x-test-log.js';

// Rule sync through twitter-api-v2 against the emulator in-process.
const TOKEN = 'emulator-secret-token-rules';
const { log, lines: logLines, emulators } = xTestLog(TOKEN);

async function emulator(options: { rulesLimit?: number } = {}) {
  const e = await startEmulator({ bearerToken: TOKEN, ratePerSecond: 0, ...options });
  emulators.push(e);
  return { e, client: createXClient({ bearerToken: TOKEN, baseUrl: e.url }) };
}
const noWait = () => Promise.resolve();
const view = (e: RunningEmulator) => e.rules().map((r) => `${r.value}|${r.tag ?? ''}`);

test('checkStreamRules refuses, before any request, more than 1,000 rules, a rule above 1,024 characters and bad syntax', () => {
  const many = Array.from({ length: 1_001 }, (_, i) => ({ value: `word${i}` }));
  assert.match(checkStreamRules(many).join(), /RulesCapExceeded \(1001 rules; at most 1000/);
  assert.deepEqual(checkStreamRules(many.slice(0, 1_000)), []);
  const long = `music ${'a'.repeat(1_020)}`;
  assert.match(checkStreamRules([{ value: long }]).join(), /UnprocessableEntity/);
  assert.match(checkStreamRules([{ value: '(music OR' }]).join(), /UnprocessableEntity/);
  assert.deepEqual(checkStreamRules([{ value: 'music OR #music -is:retweet' }]), []);
});

test('an invalid rule stops the sync before X is asked: the stream keeps its rules', async () => {
  const { e, client } = await emulator();
  await syncStreamRules(client, [{ value: 'music', tag: 'm' }], log, { tagPrefix: 'tp:' });
  await assert.rejects(
    syncStreamRules(client, [{ value: 'music', tag: 'm' }, { value: '(jazz OR' }], log, { tagPrefix: 'tp:' }),
    (err: unknown) => err instanceof InvalidStreamRulesError && /UnprocessableEntity/.test(err.message),
  );
  assert.deepEqual(view(e), ['music|tp:m']);
});

test('sync touches only the rules of its tag prefix: a second deployment on the same app keeps its own', async () => {
  const { e, client } = await emulator();
  await syncStreamRules(client, [{ value: 'cats', tag: 'pets' }], log, { tagPrefix: 'other:' });
  await syncStreamRules(client, [{ value: 'music', tag: 'music' }], log, { tagPrefix: 'tweet-pipeline:' });
  assert.deepEqual(view(e).sort(), ['cats|other:pets', 'music|tweet-pipeline:music']);
  await syncStreamRules(client, [{ value: 'jazz' }], log, { tagPrefix: 'tweet-pipeline:' });
  assert.deepEqual(view(e).sort(), ['cats|other:pets', 'jazz|tweet-pipeline:']);
  // A tag change of the same value: delete then add (X refuses a duplicate value).
  await syncStreamRules(client, [{ value: 'jazz', tag: 'j' }], log, { tagPrefix: 'tweet-pipeline:' });
  assert.deepEqual(view(e).sort(), ['cats|other:pets', 'jazz|tweet-pipeline:j']);
});

test('a value already held by a rule of another tag (another deployment, or before the prefix) is kept, not fatal', async () => {
  const { e, client } = await emulator();
  await client.v2.updateStreamRules({ add: [{ value: 'music OR #music', tag: 'music' }] });
  await syncStreamRules(client, [{ value: 'music OR #music', tag: 'music' }, { value: 'jazz' }], log, {
    tagPrefix: 'tweet-pipeline:',
  });
  assert.deepEqual(view(e).sort(), ['jazz|tweet-pipeline:', 'music OR #music|music']);
  assert.ok(logLines.some((l) => l.includes('exist under a tag this deployment does not own')));
});

test('sync adds before it deletes: a failed request never leaves the stream with fewer rules', async () => {
  // Three rule writes in the window: the seed, the dry run and the add pass; the delete gets 429.
  // (Deleting first, as before, would have left the stream with no rule at all.)
  const { e, client } = await emulator({ rulesLimit: 3 });
  await client.v2.updateStreamRules({ add: [{ value: 'music', tag: 'tp:' }] });
  await assert.rejects(
    syncStreamRules(client, [{ value: 'jazz' }], log, { tagPrefix: 'tp:' }),
    (err: unknown) => (err as { code?: number }).code === 429,
  );
  assert.deepEqual(view(e).sort(), ['jazz|tp:', 'music|tp:'], 'the new rule is in, the old one not yet deleted');
});

test("syncStreamRulesAtStart retries 5xx and network failures on X's schedule; 401 stops it", async () => {
  const { e, client } = await emulator();
  e.faults.add({ type: 'rules-http-5xx', count: 2 });
  const delays: number[] = [];
  const diff = await syncStreamRulesAtStart(client, () => [{ value: 'music' }], log, new AbortController().signal, {
    tagPrefix: 'tp:',
    sleep: noWait,
    delays,
  });
  assert.equal(diff?.add.length, 1);
  assert.deepEqual(delays, [5_000, 10_000]);
  e.faults.add({ type: 'unauthorized' });
  await assert.rejects(
    syncStreamRulesAtStart(client, () => [{ value: 'music' }], log, new AbortController().signal, { sleep: noWait }),
    (err: unknown) => err instanceof XAccessError && err.status === 401,
  );
});

test('the filtered stream source retries a 503 of the initial rule sync instead of calling it an invalid rule', async () => {
  const { e } = await emulator();
  e.faults.add({ type: 'rules-http-5xx' });
  const config = loadProducerConfig({
    KAFKA_BROKERS: '127.0.0.1:1',
    PRODUCER_SOURCES: 'x-filtered-stream',
    X_BEARER_TOKEN: TOKEN,
    X_API_BASE_URL: e.url,
    X_STREAM_RULES: '[{"value":"music","tag":"music"}]',
  });
  const abort = new AbortController();
  const run = startFilteredStream(
    { config, log, metrics: producerMetrics(new Registry()), accept: async () => undefined },
    abort.signal,
  );
  const done = run();
  // X's schedule for an HTTP error: 5 s, then the stream connects with the rule in place.
  assert.ok(await waitFor(() => e.connected, 15_000), 'connected after the retry');
  abort.abort();
  await done;
  assert.deepEqual(view(e), ['music|tweet-pipeline:music']);
}, 30_000);
