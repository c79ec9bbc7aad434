import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceProcess, serviceEntry } from '@tweet-pipeline/testkit';
import type { RestartEvent } from './report.js';

/** Restart delay after the n-th quick death in a row (k8s CrashLoopBackOff, scaled down to drill time). */
export function restartDelayMs(quickDeathsInARow: number): number {
  return Math.min(16_000, 1_000 * 2 ** Math.max(0, quickDeathsInARow - 1));
}

/**
 * The signal that ended a process (SIGSEGV tells a native crash from a kill).
 * ServiceProcess keeps its child private and resolves `exited` with the code
 * only; the child's `signalCode` is read as is.
 */
function signalOf(process_: ServiceProcess): string | undefined {
  const child = (process_ as unknown as { child?: { signalCode?: string | null } }).child;
  return child?.signalCode ?? undefined;
}

/** A process that lived at least this long before dying resets the back-off. */
const HEALTHY_RUN_MS = 30_000;

export interface SlotSpec {
  /** Process name in the report, e.g. `producer`, `filter-1`. */
  readonly name: string;
  /** Which service's entry point runs. */
  readonly service: 'producer' | 'filter' | 'sink';
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

/**
 * One deployment slot (a pod): keeps its service running, as Kubernetes does.
 * When the process exits without having been asked to stop, it is started
 * again with the same environment (same spool, instance id, port and log file),
 * and the restart is recorded.
 */
export class Slot {
  private current: ServiceProcess;
  private stopping = false;
  private readonly stopped = new AbortController();
  private injected = false;
  private startedAt = Date.now();
  private quickDeaths = 0;
  private readonly loop: Promise<void>;

  constructor(
    readonly spec: SlotSpec,
    private readonly trialStart: number,
    private readonly onRestart: (event: RestartEvent) => void,
  ) {
    this.current = this.spawn();
    this.loop = this.supervise();
  }

  get process(): ServiceProcess {
    return this.current;
  }

  get running(): boolean {
    return this.current.running;
  }

  /** The running process's /metrics ('' while none answers). */
  metrics(): Promise<string> {
    return this.current.metrics();
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.spec.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** A crash the drill injects: the supervisor restarts the process like any other that died. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.injected = true;
    this.current.kill(signal);
  }

  /** Last resort when the drill itself exits abnormally: SIGKILL, no restart, synchronous. */
  killNow(): void {
    this.stopping = true;
    this.stopped.abort();
    if (this.current.running) this.current.kill('SIGKILL');
  }

  /** Graceful stop (scale-down, end of trial): no restart. */
  async stop(graceMs = 25_000): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.current.stop(graceMs);
    await this.loop;
  }

  private spawn(): ServiceProcess {
    this.startedAt = Date.now();
    return new ServiceProcess({
      name: this.spec.name,
      entry: serviceEntry(this.spec.service),
      port: this.spec.port,
      env: this.spec.env,
      logFile: this.spec.logFile,
    });
  }

  private async supervise(): Promise<void> {
    for (;;) {
      const process_ = this.current;
      const code = await process_.exited;
      if (this.stopping) return;
      const injected = this.injected;
      this.injected = false;
      const lived = Date.now() - this.startedAt;
      this.quickDeaths = lived < HEALTHY_RUN_MS ? this.quickDeaths + 1 : 1;
      const cause = injected
        ? 'killed by the drill'
        : code === null
          ? `died from ${signalOf(process_) ?? 'a signal'} after ${(lived / 1000).toFixed(1)} s`
          : `exited with code ${code} after ${(lived / 1000).toFixed(1)} s`;
      await sleep(restartDelayMs(injected ? 1 : this.quickDeaths), undefined, { signal: this.stopped.signal }).catch(
        () => undefined,
      );
      if (this.stopping) return;
      this.onRestart({ service: this.spec.name, atSeconds: (Date.now() - this.trialStart) / 1000, cause });
      this.current = this.spawn();
    }
  }
}
