import { SeenIdTable } from './seen-id-table.js';

/**
 * Ids already passed by this instance, in one compact table, with no window
 * and no partitions.
 * @deprecated Kept only so that main.ts and src/index.ts build until they are
 *   wired to `PartitionedDedupeState` (partitioned-dedupe-state.ts), which restores, revokes and
 *   expires per partition; delete this file then.
 */
export class SeenIds {
  private readonly table = new SeenIdTable();

  has(id: string): boolean {
    return this.table.has(id);
  }

  add(id: string): void {
    this.table.add(id, Date.now());
  }

  get size(): number {
    return this.table.size;
  }
}
