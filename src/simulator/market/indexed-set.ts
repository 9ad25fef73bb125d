/** A set of small integers with O(1) add, delete and uniform random pick (swap-remove on a dense array). */
export class IndexedSet {
  private readonly items: number[] = [];
  private readonly position = new Map<number, number>();

  get size(): number {
    return this.items.length;
  }

  has(item: number): boolean {
    return this.position.has(item);
  }

  add(item: number): void {
    if (this.position.has(item)) return;
    this.position.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item: number): void {
    const at = this.position.get(item);
    if (at === undefined) return;
    const last = this.items.pop();
    this.position.delete(item);
    if (last !== undefined && last !== item) {
      this.items[at] = last;
      this.position.set(last, at);
    }
  }

  /** The item at a position in [0, size): callers draw the position from their seeded stream. */
  at(index: number): number | undefined {
    return this.items[index];
  }
}
