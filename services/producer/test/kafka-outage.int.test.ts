import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import {
  ServiceProcess,
  deleteTopics,
  localStackControl,
  readTopic,
  serviceEntry,
  testKafka,
  testStack,
  testTopics,
  topicEnv,
  uniqueName,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';

const TOTAL = 20_000;
const RATE = 250;
const OUTAGE_MS = 60_000;
const synthetic = { seed: 99, musicRatio: 0.3, duplicateRatio: 0, invalidRatio: 0, startMs: 1_760_000_000_000 };
const topics = testTopics('outage');
const control = localStackControl();
let stack: StackEndpoints;
let producer: ServiceProcess | undefined;

before(async () => {
  stack = await testStack();
});

after(async () => {
  await control?.start('kafka');
  await producer?.stop();
  await deleteTopics(testKafka(stack.brokers), Object.values(topics));
});

test(
  'producer keeps every tweet while the broker is stopped for 60 s and publishes all of them after',
  { skip: control === null ? 'needs the script-started local stack (npm test) to stop the broker' : false },
  async () => {
    producer = new ServiceProcess({
      name: 'producer',
      entry: serviceEntry('producer'),
      port: 0,
      logFile: join(tmpdir(), `${uniqueName('outage-producer')}.log`),
      env: {
        ...process.env,
        ...topicEnv(topics, 6),
        KAFKA_BROKERS: stack.brokers.join(','),
        PRODUCER_PORT: '0',
        PRODUCER_SPOOL_PATH: join(mkdtempSync(join(tmpdir(), 'outage-spool-')), 'spool.db'),
        SYNTHETIC_COUNT: String(TOTAL),
        SYNTHETIC_RATE: String(RATE),
        SYNTHETIC_SEED: String(synthetic.seed),
        SYNTHETIC_DUPLICATE_RATIO: '0',
        SYNTHETIC_INVALID_RATIO: '0',
        SYNTHETIC_START_MS: String(synthetic.startMs),
        LOG_LEVEL: 'warn',
      },
    });
    await sleep(8_000);
    await control!.stop('kafka');
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    assert.equal(producer.running, true, 'the producer survived the outage');
    await control!.start('kafka');
    process.stderr.write(`broker was down for ${Math.round((Date.now() - stoppedAt) / 1000)} s\n`);

    const source = new SyntheticTweets(synthetic);
    const expected = new Set(Array.from({ length: TOTAL }, () => source.next().key));
    const records = await readTopic(testKafka(stack.brokers), topics.raw, {
      count: TOTAL,
      timeoutMs: 180_000,
      settleMs: 2_000,
    });
    const ids = new Set(records.map((r) => r.key));
    const missing = [...expected].filter((id) => !ids.has(id));
    assert.equal(
      missing.length,
      0,
      `missing ${missing.length} of ${TOTAL} ids, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
    assert.equal(records.length, TOTAL, 'the idempotent producer wrote each record once');
  },
);
