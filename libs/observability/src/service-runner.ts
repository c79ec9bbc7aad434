import type { LevelWithSilent } from 'pino';
import type { Registry } from 'prom-client';
import { createLogger, type Logger } from './logger.js';
import { startOpsServer, type Readiness } from './ops-server.js';
import { exitOnFatal, installFatalHandlers, installShutdown } from './process-lifecycle.js';
import { createMetricsRegistry } from './registry.js';

export interface ServiceSettings {
  /** `service` label of every log line and DLQ record: producer, filter, sink, trends… */
  readonly service: string;
  readonly logLevel: LevelWithSilent;
  /** Port of /metrics, /healthz and /readyz (0 = any free port). */
  readonly port: number;
  /** Must stay below the orchestrator's grace period (Kubernetes: 30 s by default). */
  readonly shutdownGraceMs: number;
  /**
   * A condition checked before the service's own readiness, during start-up too: e.g. libs/kafka
   * `kafkaAccessReadiness` (a broker refusing the credentials), which would otherwise hide behind
   * the start-up step that waits for it.
   */
  readonly readinessGate?: () => Readiness | undefined;
}

/** What a service's start-up function is given. */
export interface ServiceContext {
  readonly log: Logger;
  /** Holds the process metrics already; register the service's own here. */
  readonly registry: Registry;
  /** Aborted on SIGTERM/SIGINT: start-up waits (a database or broker not there yet) end early. */
  readonly signal: AbortSignal;
  /** Names the start-up step under way; /readyz shows it until the start function returns. */
  readonly starting: (step: string) => void;
}

/** A started service: how ready it is, and how it stops. */
export interface StartedService {
  readonly readiness: () => Readiness;
  /** Stop consuming, finish or abandon the batch in flight (uncommitted: it comes again), close clients. */
  readonly stop: () => Promise<void>;
}

/**
 * The life of a pipeline service process, so that a service is only its own
 * work: logger and fatal handlers, a metrics registry with the process
 * metrics, the ops server (/readyz false with the current start-up step
 * until `start` resolves), and a graceful stop on SIGTERM/SIGINT within the grace period.
 * A start-up that throws (not because of a stop) ends the process with a
 * fatal log line: the orchestrator restarts it.
 */
export async function runService(
  settings: ServiceSettings,
  start: (context: ServiceContext) => Promise<StartedService>,
): Promise<void> {
  const log = createLogger({ service: settings.service, level: settings.logLevel });
  installFatalHandlers(log);
  const registry = createMetricsRegistry();
  const stopping = new AbortController();
  let started: StartedService | undefined;
  let step = 'starting';
  const ops = await startOpsServer({
    port: settings.port,
    registry,
    log,
    readiness: () => settings.readinessGate?.() ?? started?.readiness() ?? { ready: false, reason: step },
  });
  const context: ServiceContext = { log, registry, signal: stopping.signal, starting: (next) => (step = next) };
  const starting = start(context).then(
    (service) => {
      started = service;
      return service;
    },
    (err: unknown) => {
      if (!stopping.signal.aborted) exitOnFatal(log, err);
      return undefined;
    },
  );
  installShutdown({
    log,
    graceMs: settings.shutdownGraceMs,
    stop: async () => {
      stopping.abort();
      await (await starting)?.stop();
      await ops.close();
    },
  });
  await starting;
}
