import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'vitest';
import { startEmulator, type RunningEmulator } from '@tweet-pipeline/x-api-emulator';
import { waitFor } from '@tweet-pipeline/testkit';
import type { RawRecord } from '../../src/index.js';
import { FilteredStreamSource, type XBlock } from '../../src/x/filtered-stream-source.js';
import { syncStreamRules } from '../../src/x/stream-rules.js';
import { createXClient } from '../../src/x/x-client.js';
import { xTestLog } from '../helpers/x-test-log.js';

// The filtered stream against X as it is in 2026, through the real
// twitter-api-v2 client path and the emulator in-process.
const TOKEN = 'emulator-secret-token-2026';
const { log, lines: logLines, emulators } = xTestLog(TOKEN);

interface Harness {
  emulator: RunningEmulator;
  source: FilteredStreamSource;
  received: RawRecord[];
  blocks: (XBlock | undefined)[];
  abort: AbortController;
  done: Promise<void>;
  /** Starts reading (done once by `harness` unless told `start: false`). */
  start: () => void;
}

async function harness(
  options: { maxFrameBytes?: number; clearStale?: boolean; rate?: number; start?: boolean } = {},
): Promise<Harness> {
  const emulator = await startEmulator({
    bearerToken: TOKEN,
    ratePerSecond: options.rate ?? 100,
    musicRatio: 1,
    keepAliveMs: 200,
  });
  emulators.push(emulator);
  const client = createXClient({ bearerToken: TOKEN, baseUrl: emulator.url });
  await syncStreamRules(client, [{ value: 'music OR #music', tag: 'music' }], log);
  const received: RawRecord[] = [];
  const blocks: (XBlock | undefined)[] = [];
  const abort = new AbortController();
  const source = new FilteredStreamSource({
    client,
    query: {
      'tweet.fields': ['author_id'],
      expansions: ['author_id'],
      'user.fields': ['username'],
      'media.fields': [],
      'place.fields': [],
      'poll.fields': [],
    },
    stallMs: 5_000,
    accept: async (records) => void received.push(...records),
    log,
    onConnected: () => undefined,
    onReconnect: () => undefined,
    onErrorPayload: () => undefined,
    onBlocked: (block) => blocks.push(block),
    creditsBackoffMs: 900_000,
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    ...(options.clearStale === undefined ? {} : { clearStaleConnections: options.clearStale }),
    // The schedule is asserted on source.delays; the test does not sit through it.
    sleep: () => new Promise((resolve) => setTimeout(resolve, 5)),
  });
  const h: Harness = {
    emulator,
    source,
    received,
    blocks,
    abort,
    done: Promise.resolve(),
    start: () => void (h.done = source.run(abort.signal)),
  };
  if (options.start !== false) h.start();
  return h;
}

async function stop(h: Harness): Promise<void> {
  h.abort.abort();
  await h.done.catch(() => undefined);
}

/** Opens a stream that is then never read nor closed: the "previous process" still counted by X. */
function staleConnection(url: string): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/2/tweets/search/stream', url), { headers: { authorization: `Bearer ${TOKEN}` } });
    req.on('response', (res) => resolve(() => res.destroy()));
    req.on('error', reject);
    req.end();
  });
}

test('credits exhausted (402, 429 UsageCapExceeded) is its own state: one long back-off each, no reconnect storm', async () => {
  const h = await harness();
  await waitFor(() => h.emulator.connected, 5_000);
  h.emulator.faults.add({ type: 'usage-cap-exceeded' });
  h.emulator.faults.add({ type: 'credits-depleted' });
  h.emulator.faults.add({ type: 'operational-disconnect' });
  await waitFor(() => h.source.delays.filter((d) => d.reason === 'credits_exhausted').length === 2, 10_000);
  await waitFor(() => h.emulator.connected, 5_000);
  await stop(h);
  const connectAttempts = h.source.delays.map((d) => d.reason);
  assert.deepEqual(connectAttempts, ['disconnect', 'credits_exhausted', 'credits_exhausted']);
  assert.deepEqual(
    h.source.delays.filter((d) => d.reason === 'credits_exhausted').map((d) => d.ms),
    [900_000, 900_000],
  );
  assert.deepEqual(
    h.blocks,
    [undefined, 'credits_exhausted', 'credits_exhausted', undefined],
    'said while blocked, cleared after',
  );
  assert.ok(logLines.some((l) => l.includes('X credits exhausted')));
});

test('TooManyConnections with X_CLEAR_STALE_CONNECTIONS closes the stale connection through the Connections API', async () => {
  const h = await harness({ rate: 0, clearStale: true, start: false });
  const closeStale = await staleConnection(h.emulator.url);
  assert.equal(h.emulator.connected, true);
  h.start();
  await waitFor(() => h.emulator.connections === 2 && h.emulator.connected, 10_000);
  await stop(h);
  closeStale();
  assert.equal(h.emulator.connections, 2, 'the stale one and ours');
  assert.deepEqual(h.source.delays, [], 'no back-off: cleared and connected');
  assert.deepEqual(h.blocks, [undefined]);
  assert.ok(logLines.some((l) => l.includes('closed this app')));
});

test('TooManyConnections without permission to clear backs off and says why', async () => {
  const h0 = await harness({ rate: 0, start: false });
  const closeStale = await staleConnection(h0.emulator.url);
  h0.start();
  await waitFor(() => h0.source.delays.filter((d) => d.reason === 'too_many_connections').length >= 2, 10_000);
  assert.equal(h0.blocks.at(-1), 'too_many_connections');
  closeStale();
  await waitFor(() => h0.blocks.at(-1) === undefined && h0.emulator.connected, 10_000);
  await stop(h0);
  assert.deepEqual(
    h0.source.delays
      .filter((d) => d.reason === 'too_many_connections')
      .slice(0, 2)
      .map((d) => d.ms),
    [60_000, 120_000],
  );
});

test('a bare-\\n framed stream is read like a \\r\\n one', async () => {
  const h = await harness({ rate: 0 });
  await waitFor(() => h.emulator.connected, 5_000);
  h.emulator.faults.add({ type: 'bare-lf-framing' });
  h.emulator.faults.add({ type: 'operational-disconnect' });
  await waitFor(() => h.source.delays.length === 1 && h.emulator.connected, 5_000);
  h.emulator.inject([
    { data: { id: '1900000000000000001', text: 'music over lf' } },
    { data: { id: '1900000000000000002', text: 'more music' } },
  ]);
  await waitFor(() => h.received.length === 2, 5_000);
  await stop(h);
  assert.deepEqual(
    h.received.map((r) => [r.key, r.invalid]),
    [
      ['1900000000000000001', undefined],
      ['1900000000000000002', undefined],
    ],
  );
});

test('a frame above X_STREAM_MAX_FRAME_BYTES goes to the DLQ and the connection is reset, memory bounded', async () => {
  const h = await harness({ rate: 0, maxFrameBytes: 64 * 1024 });
  await waitFor(() => h.emulator.connected, 5_000);
  h.emulator.faults.add({ type: 'huge-frame', bytes: 4 * 1024 * 1024 });
  await waitFor(() => h.source.delays.some((d) => d.reason === 'oversized_frame') && h.emulator.connected, 10_000);
  h.emulator.inject([{ data: { id: '1900000000000000003', text: 'music after the reset' } }]);
  await waitFor(() => h.received.some((r) => r.key === '1900000000000000003'), 5_000);
  await stop(h);
  const dead = h.received.filter((r) => r.invalid !== undefined);
  assert.equal(dead.length, 1);
  assert.match(dead[0]!.invalid!, /exceeds the maximum frame size of 65536 bytes/);
  assert.ok(dead[0]!.value.length <= 64 * 1024, 'only the head is kept');
  assert.ok(String(dead[0]!.value).startsWith('{"data":{"id":"1","text":"xxx'));
  assert.deepEqual(
    h.source.delays.find((d) => d.reason === 'oversized_frame'),
    { reason: 'oversized_frame', ms: 250 },
  );
});
