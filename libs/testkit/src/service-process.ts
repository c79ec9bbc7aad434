import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
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

  /** SIGTERM, then SIGKILL if the service overruns `graceMs`. */
  async stop(graceMs = 25_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
