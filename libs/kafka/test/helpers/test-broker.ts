import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createLogger } from '@tweet-pipeline/observability';
import { createKafka, type Kafka } from '../../src/client.js';

// libs/testkit builds on this library, so its tests cannot use testkit (a
// project-reference cycle): these few lines stand in for testStack(),
// uniqueName(), waitFor() and localStackControl() there, reading the same
// variables (`npm test` sets KAFKA_BROKERS and TP_LOCAL_STACK).

/** The broker of the integration tests, or undefined (then they are skipped). */
export const brokers: readonly string[] | undefined = process.env.KAFKA_BROKERS?.split(',');
export const NO_BROKER = 'needs a Kafka broker: set KAFKA_BROKERS (npm test does, with the local stack)';

export const log = createLogger({ service: 'kafka-lib-test', level: 'warn', destination: process.stderr });

export function testKafka(): Kafka {
  if (brokers === undefined) throw new Error(NO_BROKER);
  return createKafka({ brokers, clientId: uniqueName('kafka-lib-test'), log });
}

/** A name no other test run uses: each test gets its own topics and groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it held. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 250) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}

/** Stops and starts the script-run broker (TP_LOCAL_STACK); null when the broker is not script-started. */
export function brokerControl(): { stop(): Promise<void>; start(): Promise<void> } | null {
  const script = process.env.TP_LOCAL_STACK;
  if (script === undefined || script === '' || brokers === undefined) return null;
  const run = promisify(execFile);
  const call = async (command: 'stop' | 'start'): Promise<void> => {
    await run('bash', [script, command, 'kafka'], { timeout: 180_000 });
  };
  return { stop: () => call('stop'), start: () => call('start') };
}
