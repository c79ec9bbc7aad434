/**
 * Ids already passed by this instance, held as 64-bit BigInts (never JS
 * numbers: ids exceed 2^53). In memory only for now; the compacted-topic
 * state of the design replaces it.
 */
export class SeenIds {
  private readonly ids = new Set<bigint>();

  has(id: string): boolean {
    return this.ids.has(BigInt(id));
  }

  add(id: string): void {
    this.ids.add(BigInt(id));
  }

  get size(): number {
    return this.ids.size;
  }
}
