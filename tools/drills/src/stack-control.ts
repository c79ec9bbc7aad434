import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { localStackControl, type StackComponent } from '@tweet-pipeline/testkit';

const run = promisify(execFile);

/**
 * The pid in a `local-stack.sh status` line such as
 * `ferretdb running  pid 4242    port 27017`; undefined when it is not running.
 */
export function parseStatusPid(statusOutput: string, name: 'kafka' | 'ferretdb'): number | undefined {
  for (const line of statusOutput.split('\n')) {
    const m = /^(\S+)\s+running\s+pid\s+(\d+)/.exec(line.trim());
    if (m !== null && m[1] === name) return Number(m[2]);
  }
  return undefined;
}

/** Stops, starts and freezes the servers of the script-run local stack (TP_LOCAL_STACK). */
export interface StackControl {
  stop(component: StackComponent): Promise<void>;
  start(component: StackComponent): Promise<void>;
  /** The FerretDB server's pid, as the stack script reports it (so a wrapper with its own TP_STATE_DIR works too). */
  ferretdbPid(): Promise<number>;
}

/**
 * Null when the servers are not script-started (then outage drills cannot run).
 *
 * @throws nothing; the returned functions throw when the script fails.
 */
export function stackControl(): StackControl | null {
  const control = localStackControl();
  const script = process.env.TP_LOCAL_STACK;
  if (control === null || script === undefined) return null;
  return {
    stop: (c) => control.stop(c),
    start: (c) => control.start(c),
    ferretdbPid: async () => {
      // `status` exits 3 when something is not running; its output is still what we need.
      const { stdout } = await run('bash', [script, 'status', 'mongo'], { timeout: 30_000 }).catch(
        (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
      );
      const pid = parseStatusPid(stdout, 'ferretdb');
      if (pid === undefined) throw new Error(`FerretDB is not running (local-stack status said: ${stdout.trim()})`);
      // The pid must really be FerretDB: a frozen stranger would be a different experiment.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('ferretdb'))
        throw new Error(`pid ${pid} is not FerretDB (${cmdline.replaceAll('\0', ' ')})`);
      return pid;
    },
  };
}
