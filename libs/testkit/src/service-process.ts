import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeArgs } from './repo-paths.js';

export interface ServiceSpec {
  readonly name: string;
  readonly entry: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

/** A service running as its own process, its JSON log lines going to a file. */
export class ServiceProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(readonly spec: ServiceSpec) {
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, nodeArgs(spec.entry), { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Whether the service answers on its ops port (`/healthz`, whatever its status). */
  private async answers(): Promise<boolean> {
    try {
      await fetch(`http://127.0.0.1:${this.spec.port}/healthz`, { signal: AbortSignal.timeout(1_000) });
      return true;
    } catch {
      return false;
    }
  }

  /** The service's /metrics text, or '' while it is not answering. */
  async metrics(): Promise<string> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.spec.port}/metrics`, { signal: AbortSignal.timeout(2_000) });
      return res.ok ? await res.text() : '';
    } catch {
      return '';
    }
  }

  /** Sends a signal as is, e.g. SIGKILL for a crash drill. */
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /**
   * SIGTERM, then SIGKILL if the service overruns `graceMs`. A service still loading (run from
   * source, it compiles first) has no SIGTERM handler yet and would die of the signal (exit code
   * null) instead of stopping: wait first, at most `loadMs`, until it answers on its ops port.
   */
  async stop(graceMs = 25_000, loadMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exited;
    const until = Date.now() + loadMs;
    while (this.running && Date.now() < until && !(await this.answers())) await sleep(200);
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
