import { cpus, totalmem } from 'node:os';

/** The machine a benchmark or drill report was measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly servers: string;
}

/** This machine, with the script-started local stack as its servers. */
export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.versions.node,
    servers: 'Kafka 4.1 (one KRaft node) and FerretDB 1.24 (SQLite), started by tools/local-stack',
  };
}
