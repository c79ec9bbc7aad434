import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { TweetSource } from '@tweet-pipeline/contracts';
import type { RawRecord } from '../raw-publisher.js';
import { SpoolFullError } from './spool-errors.js';

export interface SpooledRecord extends RawRecord {
  /** Position in the spool; records drain in this order. */
  readonly seq: number;
}

export interface SpoolOptions {
  readonly path: string;
  /** Bound on the bytes of keys and values held; appending past it throws SpoolFullError. */
  readonly maxBytes: number;
  /**
   * `normal` (default): each append survives a crash or SIGKILL of the process
   * (WAL commit, no fsync); `full`: also survives power loss, at an fsync per append.
   */
  readonly sync?: 'normal' | 'full';
}

/**
 * A bounded, durable FIFO of raw records on local disk: everything received
 * is appended here first and deleted only after Kafka acknowledged it, so
 * nothing received is lost while Kafka is down or when the process dies.
 * SQLite (built into Node) gives atomic, ordered, crash-safe appends.
 */
export class DurableSpool {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly selectAfter: StatementSync;
  private readonly sizeUpTo: StatementSync;
  private readonly deleteUpTo: StatementSync;
  private usedBytes: number;
  private records: number;

  constructor(private readonly options: SpoolOptions) {
    mkdirSync(dirname(options.path), { recursive: true });
    this.db = new DatabaseSync(options.path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'};
      CREATE TABLE IF NOT EXISTS spool (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        value BLOB NOT NULL,
        source TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        size INTEGER NOT NULL,
        invalid TEXT
      );
    `);
    this.insert = this.db.prepare(
      'INSERT INTO spool (key, value, source, received_at, size, invalid) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectAfter = this.db.prepare(
      'SELECT seq, key, value, source, received_at, invalid FROM spool WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.sizeUpTo = this.db.prepare('SELECT COALESCE(SUM(size), 0) AS bytes, COUNT(*) AS n FROM spool WHERE seq <= ?');
    this.deleteUpTo = this.db.prepare('DELETE FROM spool WHERE seq <= ?');
    const totals = this.db
      .prepare('SELECT COALESCE(SUM(size), 0) AS bytes, COUNT(*) AS n FROM spool')
      .get() as unknown as Totals;
    this.usedBytes = Number(totals.bytes);
    this.records = Number(totals.n);
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get count(): number {
    return this.records;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /**
   * Appends records atomically (all or none) and returns them with their seq.
   * A batch larger than the whole bound is taken when the spool is empty:
   * waiting for room could never end, and the source would hang on it forever.
   *
   * @throws SpoolFullError when they do not fit: nothing was appended.
   */
  append(records: readonly RawRecord[]): SpooledRecord[] {
    const sizes = records.map((r) => Buffer.byteLength(r.key) + Buffer.byteLength(r.value));
    const incoming = sizes.reduce((sum, size) => sum + size, 0);
    if (this.usedBytes + incoming > this.options.maxBytes && this.records > 0)
      throw new SpoolFullError(this.usedBytes, this.options.maxBytes);
    const spooled: SpooledRecord[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      records.forEach((record, i) => {
        const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
        const { lastInsertRowid } = this.insert.run(
          record.key,
          value,
          record.source,
          record.receivedAt,
          sizes[i]!,
          record.invalid ?? null,
        );
        spooled.push({ ...record, seq: Number(lastInsertRowid) });
      });
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
    this.usedBytes += incoming;
    this.records += records.length;
    return spooled;
  }

  /** Up to `limit` records after `afterSeq`, oldest first. */
  readAfter(afterSeq: number, limit: number): SpooledRecord[] {
    return (this.selectAfter.all(afterSeq, limit) as unknown as Row[]).map((row) => ({
      seq: Number(row.seq),
      key: row.key,
      value: Buffer.from(row.value),
      source: row.source as TweetSource,
      receivedAt: Number(row.received_at),
      ...(row.invalid === null ? {} : { invalid: row.invalid }),
    }));
  }

  /** Deletes every record up to and including `seq`: Kafka has acknowledged them. */
  acknowledge(seq: number): void {
    const freed = this.sizeUpTo.get(seq) as unknown as Totals;
    this.deleteUpTo.run(seq);
    this.usedBytes -= Number(freed.bytes);
    this.records -= Number(freed.n);
  }

  close(): void {
    this.db.close();
  }
}

interface Totals {
  bytes: number | bigint;
  n: number | bigint;
}

interface Row {
  seq: number | bigint;
  key: string;
  value: Uint8Array;
  source: string;
  received_at: number | bigint;
  invalid: string | null;
}
