import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { createLogger } from '@tweet-pipeline/observability';
import { DurableSpool, SpoolDrainer, type RawRecord } from '../../src/index.js';

const log = createLogger({ service: 'test', level: 'silent' });
const record = (key: string): RawRecord => ({ key, value: `v${key}`, source: 'synthetic', receivedAt: 1 });

test('SpoolDrainer publishes in spool order through failures and empties the spool', async () => {
  const spool = new DurableSpool({ path: join(mkdtempSync(join(tmpdir(), 'drain-')), 's.db'), maxBytes: 1e6 });
  const published: string[] = [];
  let failuresLeft = 3;
  const availability: boolean[] = [];
  const drainer = new SpoolDrainer({
    spool,
    log,
    batchSize: 4,
    retryMinMs: 1,
    retryMaxMs: 5,
    onKafkaAvailability: (available) => availability.push(available),
    publisher: {
      publish: async (records: readonly RawRecord[]) => {
        if (failuresLeft-- > 0) throw Object.assign(new Error('broker down'), { retriable: true });
        published.push(...records.map((r) => r.key));
      },
    },
  });
  void drainer.start();
  spool.append(Array.from({ length: 10 }, (_, i) => record(String(i + 1))));
  drainer.notify();
  await drainer.close(5_000);
  assert.deepEqual(published, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  assert.equal(spool.count, 0);
  assert.deepEqual(availability, [false, true]);
  spool.close();
});

test('SpoolDrainer leaves what Kafka never acknowledged in the spool when closed', async () => {
  const spool = new DurableSpool({ path: join(mkdtempSync(join(tmpdir(), 'drain-')), 's.db'), maxBytes: 1e6 });
  const drainer = new SpoolDrainer({
    spool,
    log,
    batchSize: 10,
    retryMinMs: 1,
    retryMaxMs: 5,
    publisher: { publish: () => Promise.reject(new Error('broker down')) },
  });
  void drainer.start();
  spool.append([record('1'), record('2')]);
  drainer.notify();
  await drainer.close(200);
  assert.equal(spool.count, 2);
  spool.close();
});
