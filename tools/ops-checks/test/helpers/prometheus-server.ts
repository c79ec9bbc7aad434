import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, waitFor } from '@tweet-pipeline/testkit';
import { requireBinary } from './binaries.js';

export interface ScrapeJob {
  readonly job: string;
  readonly targets: readonly string[];
}

export interface PrometheusOptions {
  /** A fresh directory for the configuration, the TSDB and the log. */
  readonly dir: string;
  readonly jobs: readonly ScrapeJob[];
  readonly ruleFiles: readonly string[];
  /** Scrape and rule evaluation interval. */
  readonly interval?: string;
}

/** What Prometheus' HTTP API answers: `{ status, data }` or `{ status: 'error', errorType, error }`. */
export interface ApiAnswer<T> {
  readonly status: 'success' | 'error';
  readonly data?: T;
  readonly error?: string;
}

export interface RangeSeries {
  readonly metric: Record<string, string>;
  readonly values: readonly [number, string][];
}

export interface RuleState {
  readonly name: string;
  readonly type: 'alerting' | 'recording';
  readonly health: string;
  readonly lastError?: string;
  readonly query: string;
}

export interface ActiveAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

/** A real Prometheus server (Debian's binary) for a test, on a free loopback port. */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {}

  static async start(options: PrometheusOptions): Promise<PrometheusServer> {
    const binary = requireBinary('prometheus');
    const interval = options.interval ?? '1s';
    const configFile = join(options.dir, 'prometheus.yml');
    await writeFile(
      configFile,
      stringify({
        global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
        rule_files: options.ruleFiles,
        scrape_configs: options.jobs.map((j) => ({ job_name: j.job, static_configs: [{ targets: j.targets }] })),
      }),
    );
    const port = await freePort();
    const logFile = join(options.dir, 'prometheus.log');
    const log = createWriteStream(logFile);
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(options.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, logFile);
    const ready = await waitFor(
      () =>
        child.exitCode === null &&
        fetch(`${server.url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
    );
    if (!ready) {
      await server.stop();
      throw new Error(`Prometheus did not become ready; see ${logFile}`);
    }
    return server;
  }

  async api<T>(path: string, params: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const url = new URL(`/api/v1/${path}`, this.url);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return (await res.json()) as ApiAnswer<T>;
  }

  /** A range query as Grafana runs it for a panel. */
  queryRange(expr: string, startS: number, endS: number, stepS: number): Promise<ApiAnswer<{ result: RangeSeries[] }>> {
    return this.api('query_range', { query: expr, start: String(startS), end: String(endS), step: String(stepS) });
  }

  async rules(): Promise<RuleState[]> {
    const answer = await this.api<{ groups: { rules: RuleState[] }[] }>('rules');
    return answer.data?.groups.flatMap((g) => g.rules) ?? [];
  }

  async alerts(): Promise<ActiveAlert[]> {
    const answer = await this.api<{ alerts: ActiveAlert[] }>('alerts');
    return answer.data?.alerts ?? [];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
