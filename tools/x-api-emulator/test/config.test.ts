import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { ConfigError } from '@tweet-pipeline/config';
import { loadEmulatorConfig } from '../src/index.js';

test('loadEmulatorConfig has the documented defaults', () => {
  const config = loadEmulatorConfig({});
  assert.deepEqual(config.options, {
    port: 8787,
    host: '127.0.0.1',
    bearerToken: 'emulator-token',
    ratePerSecond: 20,
    keepAliveMs: 10_000,
    slowReaderMs: 10_000,
    searchLimit: 450,
    usagePostReads: 0,
    usageCap: 3_000_000,
  });
  assert.equal(config.logLevel, 'info');
});

test('loadEmulatorConfig reads every variable and a recent-search seed file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'x-emulator-'));
  const seedFile = join(dir, 'seed.jsonl');
  writeFileSync(seedFile, '{"data":{"id":"1","text":"a"}}\n\n{"data":[{"id":"2","text":"b"}]}\n');
  const config = loadEmulatorConfig({
    X_EMULATOR_PORT: '0',
    X_EMULATOR_HOST: '0.0.0.0',
    X_EMULATOR_BEARER_TOKEN: 'secret',
    X_EMULATOR_RATE: '0',
    X_EMULATOR_SEED: '7',
    X_EMULATOR_KEEPALIVE_MS: '500',
    X_EMULATOR_SLOW_READER_MS: '700',
    X_EMULATOR_SEARCH_LIMIT: '3',
    X_EMULATOR_RECENT_SEED_FILE: seedFile,
    LOG_LEVEL: 'debug',
  });
  assert.equal(config.options.port, 0);
  assert.equal(config.options.bearerToken, 'secret');
  assert.equal(config.options.seed, 7);
  assert.equal(config.options.recentSeed?.length, 2);
  assert.equal(config.logLevel, 'debug');
});

test('loadEmulatorConfig names the bad variable and never echoes a token', () => {
  assert.throws(
    () => loadEmulatorConfig({ X_EMULATOR_RATE: '-1', X_EMULATOR_PORT: 'http' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.variables.includes('X_EMULATOR_RATE') &&
      err.variables.includes('X_EMULATOR_PORT'),
  );
  assert.throws(
    () => loadEmulatorConfig({ X_EMULATOR_RECENT_SEED_FILE: '/nonexistent/seed.jsonl' }),
    /X_EMULATOR_RECENT_SEED_FILE/,
  );
});
