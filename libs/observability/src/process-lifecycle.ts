import type { Logger } from './logger.js';

export interface ShutdownOptions {
  readonly log: Logger;
  /** Must stay below the orchestrator's grace period (Kubernetes: 30 s by default). */
  readonly graceMs: number;
  /** Stop consuming, finish or abort the batch, commit, close producers last. */
  readonly stop: (signal: string) => Promise<void>;
  readonly exit?: (code: number) => void;
}

/**
 * Traps SIGTERM/SIGINT once and runs `stop` within the grace period. A second
 * signal, or a stop that overruns, exits at once with a non-zero code: the
 * batch in flight was not committed, so it is redone after the restart.
 */
export function installShutdown(options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      options.log.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(130);
      return;
    }
    stopping = true;
    options.log.info({ signal, graceMs: options.graceMs }, 'shutting down');
    const timer = setTimeout(() => {
      options.log.fatal({ graceMs: options.graceMs }, 'shutdown overran its grace period');
      exit(1);
    }, options.graceMs);
    timer.unref();
    options.stop(signal).then(
      () => {
        clearTimeout(timer);
        options.log.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        options.log.fatal({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * Unknown and programmer errors end the process (architecture failure policy):
 * offsets were not committed, so the orchestrator's restart redoes the work.
 */
export function exitOnFatal(log: Logger, err: unknown, exit: (code: number) => void = (c) => process.exit(c)): void {
  log.fatal({ err }, 'fatal error; exiting so the orchestrator restarts the process');
  log.flush?.();
  exit(1);
}

export function installFatalHandlers(log: Logger): void {
  process.on('uncaughtException', (err) => exitOnFatal(log, err));
  process.on('unhandledRejection', (err) => exitOnFatal(log, err));
}
