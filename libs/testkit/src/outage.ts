import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type StackComponent = 'kafka' | 'mongo';

/**
 * Stops and starts a real server of the local stack, for outage drills. Null
 * when the servers are not script-started (testcontainers, external): the
 * drill cannot run there and the test says so.
 */
export function localStackControl(): {
  stop(c: StackComponent): Promise<void>;
  start(c: StackComponent): Promise<void>;
} | null {
  const script = process.env.TP_LOCAL_STACK;
  if (script === undefined || script === '') return null;
  const call = async (command: 'stop' | 'start', component: StackComponent): Promise<void> => {
    await run('bash', [script, command, component], { timeout: 180_000 });
  };
  return { stop: (c) => call('stop', c), start: (c) => call('start', c) };
}
