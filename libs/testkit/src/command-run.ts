import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { nodeArgs } from './repo-paths.js';

/** How a command ended, what it printed, how long it took, and what it asked the local stack to do. */
export interface CommandRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Each call of the stand-in local-stack script, e.g. `status`, `start`: none for a command that started nothing. */
  readonly stackCalls: readonly string[];
}

/**
 * Runs a command's entry (a `.ts` source through tsx, see `nodeArgs`) where nothing it could start
 * or reach is real: Kafka and MongoDB at a loopback port nobody listens on, TP_LOCAL_STACK a
 * stand-in script that records each call and fails, Docker switched off. For tests that `--help`
 * is answered, and a bad command line refused, before anything starts. Killed after `timeoutMs`.
 */
export async function runCommandIsolated(
  entry: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<CommandRun> {
  const dir = mkdtempSync(join(tmpdir(), 'command-run-'));
  const calls = join(dir, 'stack-calls');
  const script = join(dir, 'local-stack.sh');
  writeFileSync(script, `#!/usr/bin/env bash\necho "$*" >>${JSON.stringify(calls)}\nexit 1\n`);
  chmodSync(script, 0o755);
  const closedPort = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs(entry), ...args], {
    cwd: options.cwd,
    env: {
      ...process.env,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      MONGODB_URI: `mongodb://127.0.0.1:${closedPort}/?serverSelectionTimeoutMS=3000`,
      TP_LOCAL_STACK: script,
      TP_USE_DOCKER: '0',
      // Should the real script run after all, it keeps to a state and cache of its own.
      TP_STATE_DIR: join(dir, 'state'),
      TP_CACHE_DIR: join(dir, 'cache'),
      DOTENV_CONFIG_QUIET: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  const stackCalls = existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean) : [];
  rmSync(dir, { recursive: true, force: true });
  return { code, signal, stdout, stderr, ms: Date.now() - started, stackCalls };
}
