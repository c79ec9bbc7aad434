import assert from 'node:assert/strict';
import { afterAll, test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { startEmulator, type RunningEmulator } from '@tweet-pipeline/x-api-emulator';
import { billingCycle, pollUsage, projectCycleEnd, readUsage, type XUsage } from '../../src/x/usage-poller.js';
import { createXClient } from '../../src/x/x-client.js';

const TOKEN = 'emulator-secret-token-usage';
const log = createLogger({ service: 'test', level: 'silent' });
const emulators: RunningEmulator[] = [];
afterAll(() => Promise.all(emulators.map((e) => e.close())));

test('billingCycle starts on the reset day (UTC) and clamps it to short months', () => {
  const day = (iso: string) => Date.parse(iso);
  assert.deepEqual(billingCycle(day('2026-12-06T04:00:00Z'), 5), {
    startMs: day('2026-12-05T00:00:00Z'),
    endMs: day('2027-01-05T00:00:00Z'),
  });
  assert.deepEqual(billingCycle(day('2026-12-04T23:00:00Z'), 5), {
    startMs: day('2026-11-05T00:00:00Z'),
    endMs: day('2026-12-05T00:00:00Z'),
  });
  assert.equal(billingCycle(day('2027-02-28T12:00:00Z'), 31).startMs, day('2027-02-28T00:00:00Z'));
});

test('projectCycleEnd extrapolates the cycle-to-date rate', () => {
  // 10 days into a 30-day cycle (2026-11-01 .. 2026-12-01), 1,000,000 reads -> 3,000,000.
  assert.equal(projectCycleEnd(1_000_000, Date.parse('2026-11-11T00:00:00Z'), 1), 3_000_000);
});

test('readUsage reads GET /2/usage/tweets through twitter-api-v2, and pollUsage keeps going after a failure', async () => {
  const e = await startEmulator({
    bearerToken: TOKEN,
    ratePerSecond: 0,
    usagePostReads: 2_500_000,
    usageCap: 3_000_000,
    usageCapResetDay: 1,
  });
  emulators.push(e);
  const client = createXClient({ bearerToken: TOKEN, baseUrl: e.url });
  const usage = await readUsage(client, Date.parse('2026-11-16T00:00:00Z'));
  assert.deepEqual(usage, { postReads: 2_500_000, cap: 3_000_000, capResetDay: 1, projected: 5_000_000 });
  e.faults.add({ type: 'http-5xx' });
  e.faults.add({ type: 'usage-cap-exceeded' });
  const seen: XUsage[] = [];
  const abort = new AbortController();
  let rounds = 0;
  await pollUsage(
    {
      client,
      intervalMs: 300_000,
      log,
      onUsage: (u) => seen.push(u),
      sleep: async () => void (++rounds === 3 && abort.abort()),
    },
    abort.signal,
  );
  assert.equal(rounds, 3);
  assert.equal(seen.length, 2, 'the refused read was skipped, the next ones counted');
  assert.equal(seen[0]?.cap, 3_000_000);
});
