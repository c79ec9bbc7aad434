import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.js';
import { dockerAvailable, type StackEndpoints } from './stack.js';

/** The servers a command runs against, and whether it is the one to stop them. */
export interface LocalStack {
  readonly endpoints: StackEndpoints;
  /** True when this process started the servers; it then stops them when it exits. */
  readonly startedHere: boolean;
  /** Stops the servers now if this process started them (and not at exit then); otherwise does nothing. */
  stop(): void;
}

export interface LocalStackOptions {
  /**
   * With TP_USE_DOCKER=1 and a Docker engine, `docker compose up` Kafka and MongoDB instead
   * (`npm start` does); compose keeps them running afterwards, as before.
   */
  readonly dockerCompose?: boolean;
  /** Where the one-line notes go; stderr by default (stdout belongs to the command's results). */
  readonly log?: (line: string) => void;
}

/**
 * The script that runs the local stack: TP_LOCAL_STACK when set (a wrapper with its own ports or
 * state directory), otherwise tools/local-stack/local-stack.sh.
 */
export function localStackScript(env: NodeJS.ProcessEnv = process.env): string {
  const script = env.TP_LOCAL_STACK;
  return script !== undefined && script !== '' ? script : join(repoRoot, 'tools', 'local-stack', 'local-stack.sh');
}

/**
 * Makes sure Kafka and the MongoDB-compatible server run, for a command a person started (npm
 * start, bench, test:chaos): starts the local stack unless `status` says it is running, and then
 * stops it when this process exits — only then, so a stack someone else started stays up. Sets
 * KAFKA_BROKERS and MONGODB_URI (unless set) and TP_LOCAL_STACK in process.env, for this process
 * and the services it starts. Call it after the command line is parsed: it can take minutes (the
 * first start builds the servers). Synchronous, like the stop at exit must be.
 *
 * @throws Error when the script (or docker compose) fails to start the servers.
 */
export function ensureLocalStack(options: LocalStackOptions = {}): LocalStack {
  const env = process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const endpoints = (): StackEndpoints => {
    env.KAFKA_BROKERS ||= `127.0.0.1:${env.KAFKA_PORT || '9092'}`;
    env.MONGODB_URI ||= `mongodb://127.0.0.1:${env.MONGO_PORT || '27017'}`;
    return { brokers: env.KAFKA_BROKERS.split(','), mongoUri: env.MONGODB_URI };
  };
  // The scripts' output goes to stderr too: stdout may be a command's JSON.
  const stdio: ['ignore', number, number] = ['ignore', 2, 2];

  if (options.dockerCompose === true && env.TP_USE_DOCKER === '1' && dockerAvailable()) {
    const up = spawnSync('docker', ['compose', 'up', '-d', '--wait', 'kafka', 'mongodb'], { cwd: repoRoot, stdio });
    if (up.status !== 0) throw new Error(`docker compose up failed (${up.status ?? up.signal})`);
    return { endpoints: endpoints(), startedHere: false, stop: () => undefined };
  }

  const script = localStackScript(env);
  let startedHere = false;
  if (spawnSync('bash', [script, 'status'], { stdio: 'ignore' }).status === 0) {
    log('[stack] local stack already running; leaving it running afterwards');
  } else {
    const start = spawnSync('bash', [script, 'start'], { stdio });
    if (start.status !== 0) throw new Error(`${script} start failed (${start.status ?? start.signal})`);
    startedHere = true;
  }
  // Drills and benchmarks stop and restart the servers through the same script.
  env.TP_LOCAL_STACK = script;

  let stopped = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A listener of its own would keep the process alive. When it is the only one, end the process
    // as the signal would have (the exit hook stops the stack); otherwise the command's own
    // listener owns the shutdown and exits when done.
    if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
  };
  const stop = (): void => {
    process.off('exit', stop);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (stopped || !startedHere) return;
    stopped = true;
    spawnSync('bash', [script, 'stop'], { stdio });
  };
  if (startedHere) {
    process.once('exit', stop);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { endpoints: endpoints(), startedHere, stop };
}
