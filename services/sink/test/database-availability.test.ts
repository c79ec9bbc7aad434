import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { DatabaseAvailability } from '../src/database-availability.js';

const log = createLogger({ service: 'test', level: 'silent' });

test('DatabaseAvailability probes with backoff until the database answers, then reports it once', async () => {
  const changes: boolean[] = [];
  let probes = 0;
  const availability = new DatabaseAvailability({
    probe: async () => {
      probes++;
      if (probes < 3) throw new Error('connect ECONNREFUSED');
    },
    backoff: { minMs: 5, maxMs: 20 },
    log,
    onChange: (available) => changes.push(available),
  });
  availability.writeSucceeded();
  availability.markUnavailable('write failed');
  availability.markUnavailable('another write failed');
  assert.equal(availability.available, false);
  await sleep(200);
  assert.equal(availability.available, true);
  assert.equal(probes, 3);
  assert.deepEqual(changes, [true, false, true]);
  await availability.stop();
});

test('DatabaseAvailability.wake probes at once instead of at the end of the backoff', async () => {
  let probes = 0;
  const availability = new DatabaseAvailability({
    probe: async () => {
      probes++;
    },
    backoff: { minMs: 60_000, maxMs: 60_000 },
    log,
    onChange: () => undefined,
  });
  availability.markUnavailable('down');
  await sleep(20);
  assert.equal(probes, 0, 'still waiting out the backoff');
  availability.wake();
  await sleep(20);
  assert.equal(probes, 1);
  assert.equal(availability.available, true);
  await availability.stop();
});

test('DatabaseAvailability.stop ends the probe loop while it waits', async () => {
  const availability = new DatabaseAvailability({
    probe: () => Promise.reject(new Error('down')),
    backoff: { minMs: 60_000, maxMs: 60_000 },
    log,
    onChange: () => undefined,
  });
  availability.markUnavailable('down');
  const started = Date.now();
  await availability.stop();
  assert.ok(Date.now() - started < 1_000);
  availability.markUnavailable('after stop');
  assert.equal(availability.available, false);
});
