/**
 * The signatures delivered most recently, up to `capacity` (oldest forgotten first). Large enough to cover
 * every overlap between a backfill and the live stream (one reconnect's gap plus the buffered notifications);
 * small enough to run for months.
 */
export class BoundedSignatureSet {
  private readonly items = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be ≥ 1');
  }

  has(signature: string): boolean {
    return this.items.has(signature);
  }

  /** Adds; returns false if it was already there. */
  add(signature: string): boolean {
    if (this.items.has(signature)) return false;
    this.items.add(signature);
    if (this.items.size > this.capacity) {
      // A Set iterates in insertion order: the first item is the oldest.
      const oldest = this.items.values().next();
      if (oldest.done !== true) this.items.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.items.size;
  }
}
