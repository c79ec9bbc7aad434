import assert from 'node:assert/strict';
import { test } from 'vitest';
import { startEmulator } from '@tweet-pipeline/x-api-emulator';
import { waitFor } from '@tweet-pipeline/testkit';
import type { RawRecord } from '../../src/index.js';
import { MemoryCheckpointStore } from '../../src/search/checkpoint-store.js';
import { RecentSearchSource } from '../../src/search/recent-search-source.js';
import type { XBlock } from '../../src/x/filtered-stream-source.js';
import { createXClient } from '../../src/x/x-client.js';
import { xTestLog } from '../helpers/x-test-log.js';

// Recent search through the real twitter-api-v2 client against the emulator in-process.
const TOKEN = 'emulator-secret-token-search';
const { log, lines: logLines, emulators } = xTestLog(TOKEN);

const X_EPOCH_MS = 1_288_834_974_657;
let seq = 0n;
/** A snowflake id of `ms` (unique within the test). */
const idAt = (ms: number): string => ((BigInt(ms - X_EPOCH_MS) << 22n) | (seq++ & 0xfffn)).toString();

async function setup(options: { searchLimit?: number; windowMs?: number; tweets?: number }) {
  const emulator = await startEmulator({
    bearerToken: TOKEN,
    ratePerSecond: 0,
    ...(options.searchLimit === undefined ? {} : { searchLimit: options.searchLimit }),
    ...(options.windowMs === undefined ? {} : { rateLimitWindowMs: options.windowMs }),
  });
  emulators.push(emulator);
  const now = Date.now();
  const ids = Array.from({ length: options.tweets ?? 0 }, (_, i) => idAt(now - 60_000 + i));
  emulator.inject(ids.map((id) => ({ data: { id, text: `music ${id}` } })));
  const received: RawRecord[] = [];
  const blocks: (XBlock | undefined)[] = [];
  const waits: number[] = [];
  const checkpoints = new MemoryCheckpointStore();
  const source = new RecentSearchSource({
    client: createXClient({ bearerToken: TOKEN, baseUrl: emulator.url }),
    query: 'music',
    fields: {
      'tweet.fields': ['author_id'],
      expansions: ['author_id'],
      'user.fields': ['username'],
      'media.fields': [],
      'place.fields': [],
      'poll.fields': [],
    },
    intervalMs: 10,
    maxPages: 10,
    accept: async (records) => void received.push(...records),
    checkpoints,
    log,
    creditsBackoffMs: 900_000,
    onBlocked: (block) => blocks.push(block),
    // Waits are recorded; the real ones are capped so a rate-limit window of 1 s is really waited out.
    sleep: (ms) => (waits.push(ms), new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1_100)))),
  });
  return { emulator, source, received, blocks, waits, checkpoints, ids };
}

test('recent search never skips pages when the rate limit runs out mid-poll: it resumes from the same next_token', async () => {
  // 2 requests per 1-s window, 250 posts = 3 pages: the poll is cut after page 2.
  const t = await setup({ searchLimit: 2, windowMs: 1_000, tweets: 250 });
  const abort = new AbortController();
  const done = t.source.run(abort.signal);
  await waitFor(() => t.received.length >= 250, 15_000);
  abort.abort();
  await done;
  const got = t.received.map((r) => r.key);
  assert.equal(new Set(got).size, got.length, 'no post read twice');
  assert.deepEqual(new Set(got), new Set(t.ids), 'every post read, the third page included');
  assert.equal(t.checkpoints.values.get(t.source.checkpointKey), t.ids.at(-1), 'checkpoint = newest of the poll');
  assert.ok(logLines.some((l) => l.includes('resuming after the reset')));
});

test('a checkpoint older than the 7-day window resumes at the window start with a warning', async () => {
  const t = await setup({ tweets: 5 });
  const stale = idAt(Date.now() - 8 * 24 * 60 * 60 * 1000);
  await t.checkpoints.save(t.source.checkpointKey, stale);
  const abort = new AbortController();
  const done = t.source.run(abort.signal);
  await waitFor(() => t.received.length >= 5, 10_000);
  abort.abort();
  await done;
  assert.deepEqual(new Set(t.received.map((r) => r.key)), new Set(t.ids));
  assert.ok(logLines.some((l) => l.includes('older than the 7-day window') && l.includes(stale)));
  assert.equal(t.checkpoints.values.get(t.source.checkpointKey), t.ids.at(-1));
});

test('recent search waits the long credits back-off on 429 UsageCapExceeded and says so', async () => {
  const t = await setup({ tweets: 3 });
  t.emulator.faults.add({ type: 'usage-cap-exceeded' });
  const abort = new AbortController();
  const done = t.source.run(abort.signal);
  await waitFor(() => t.received.length >= 3, 10_000);
  abort.abort();
  await done;
  assert.equal(t.waits[0], 900_000);
  assert.deepEqual(t.blocks.slice(0, 2), ['credits_exhausted', undefined]);
});
