/** A signature the backfill can list back to (`until`), with its slot when known. */
export interface Anchor {
  readonly signature: string;
  readonly slot: bigint | null;
}

/**
 * Chooses the `until` of the gap backfill after a reconnect.
 *
 * The obvious choice, the last signature delivered, is unsafe: getSignaturesForAddress orders signatures
 * within a slot by their position in the block, while notifications of one slot need not arrive in that
 * order, so a signature of the same slot listed "before" the last one delivered would be skipped. The anchor
 * is therefore the last signature delivered from an *earlier* slot than the newest one: the backfill re-lists
 * the newest slot entirely and the dedupe set drops what was already delivered.
 */
export class BackfillAnchor {
  private newest: { signature: string; slot: bigint } | null = null;
  private beforeNewestSlot: { signature: string; slot: bigint } | null = null;

  private started: boolean;

  constructor(private initial: Anchor | null) {
    this.started = initial !== null;
  }

  /**
   * Where delivery starts when no `since` was given: the newest signature at the first subscription, or
   * null when the address had no history then (a later backfill then lists all of it).
   */
  start(anchor: Anchor | null): void {
    this.initial = anchor;
    this.started = true;
  }

  get isStarted(): boolean {
    return this.started;
  }

  observe(signature: string, slot: bigint): void {
    const newest = this.newest;
    if (newest === null || slot > newest.slot) {
      if (newest !== null) this.beforeNewestSlot = newest;
      this.newest = { signature, slot };
    } else if (slot === newest.slot) {
      this.newest = { signature, slot };
    } else if (this.beforeNewestSlot === null || slot >= this.beforeNewestSlot.slot) {
      // Late arrival from an older slot (e.g. a backfilled one): still a safe, more recent anchor.
      this.beforeNewestSlot = { signature, slot };
    }
  }

  current(): Anchor | null {
    return this.beforeNewestSlot ?? this.initial ?? this.newest;
  }
}
