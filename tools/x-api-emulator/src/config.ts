import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, fields, parseEnv, type Env } from '@tweet-pipeline/config';
import type { EmulatorOptions } from './options.js';

const envSchema = z.object({
  /** 0 asks the OS for a free port (the chosen one is logged). */
  X_EMULATOR_PORT: fields.port(8787),
  X_EMULATOR_HOST: z.string().default('127.0.0.1'),
  /** The bearer token clients must send; give the producer the same one. */
  X_EMULATOR_BEARER_TOKEN: z.string().min(1).default('emulator-token'),
  /** Synthetic tweets per second; 0 for none. */
  X_EMULATOR_RATE: fields.nonNegativeInt(20),
  X_EMULATOR_SEED: z.coerce.number().int().optional(),
  /** X sends a keep-alive at least every 20 s. */
  X_EMULATOR_KEEPALIVE_MS: fields.positiveInt(10_000),
  X_EMULATOR_SLOW_READER_MS: fields.positiveInt(10_000),
  /** Recent-search requests per 15-minute window. */
  X_EMULATOR_SEARCH_LIMIT: fields.positiveInt(450),
  X_EMULATOR_USAGE_POST_READS: fields.nonNegativeInt(0),
  X_EMULATOR_USAGE_CAP: fields.positiveInt(3_000_000),
  /** A JSONL file of recorded recent-search pages or stream messages to preload for search. */
  X_EMULATOR_RECENT_SEED_FILE: z.string().optional(),
  LOG_LEVEL: fields.logLevel(),
});

/** The emulator's configuration from the environment: options for `startEmulator` plus the log level. */
export interface EmulatorConfig {
  readonly options: Omit<EmulatorOptions, 'log'>;
  readonly logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
}

function readSeedFile(path: string): unknown[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  } catch (err) {
    throw new ConfigError(`X_EMULATOR_RECENT_SEED_FILE=${path} cannot be read as JSONL: ${(err as Error).message}`, [
      'X_EMULATOR_RECENT_SEED_FILE',
    ]);
  }
}

/**
 * Parses the emulator's environment once, at start (see the README for every variable).
 *
 * @throws ConfigError naming each invalid variable, or an unreadable seed file.
 */
export function loadEmulatorConfig(env: Env): EmulatorConfig {
  const e = parseEnv(envSchema, env);
  return {
    options: {
      port: e.X_EMULATOR_PORT,
      host: e.X_EMULATOR_HOST,
      bearerToken: e.X_EMULATOR_BEARER_TOKEN,
      ratePerSecond: e.X_EMULATOR_RATE,
      ...(e.X_EMULATOR_SEED === undefined ? {} : { seed: e.X_EMULATOR_SEED }),
      keepAliveMs: e.X_EMULATOR_KEEPALIVE_MS,
      slowReaderMs: e.X_EMULATOR_SLOW_READER_MS,
      searchLimit: e.X_EMULATOR_SEARCH_LIMIT,
      usagePostReads: e.X_EMULATOR_USAGE_POST_READS,
      usageCap: e.X_EMULATOR_USAGE_CAP,
      ...(e.X_EMULATOR_RECENT_SEED_FILE === undefined
        ? {}
        : { recentSeed: readSeedFile(e.X_EMULATOR_RECENT_SEED_FILE) }),
    },
    logLevel: e.LOG_LEVEL,
  };
}
