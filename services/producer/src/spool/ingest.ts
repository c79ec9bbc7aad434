import { setTimeout as sleep } from 'node:timers/promises';
import type { RawRecord } from '../raw-publisher.js';
import type { DurableSpool } from './durable-spool.js';
import { SpoolFullError } from './spool-errors.js';

export interface IngestOptions {
  readonly spool: DurableSpool;
  readonly onAppended: (records: readonly RawRecord[]) => void;
  /** Told when the spool fills (reading pauses) and when it has room again. */
  readonly onFull: (full: boolean) => void;
  readonly pollMs?: number;
}

/**
 * Where every source hands what it received. Appends to the durable spool;
 * when the spool is full it waits for room, which pauses the calling source
 * — backpressure, never a silent drop.
 */
export class Ingest {
  constructor(private readonly options: IngestOptions) {}

  /** Resolves once the records are durable; rejects only if `signal` aborts first. */
  async accept(records: readonly RawRecord[], signal?: AbortSignal): Promise<void> {
    if (records.length === 0) return;
    let full = false;
    for (;;) {
      try {
        this.options.spool.append(records);
        if (full) this.options.onFull(false);
        this.options.onAppended(records);
        return;
      } catch (err) {
        if (!(err instanceof SpoolFullError)) throw err;
        if (!full) this.options.onFull(true);
        full = true;
        await sleep(this.options.pollMs ?? 200, undefined, { signal });
      }
    }
  }
}
