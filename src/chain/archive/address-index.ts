/**
 * Which transactions (by ordinal, ascending = chain order) mention each address. Most addresses (token
 * accounts, one-off wallets) appear once, so a single ordinal is stored bare and only repeats get an array:
 * this roughly halves the memory of an index over millions of transactions.
 */
export class AddressIndex {
  private readonly byAddress = new Map<string, number | number[]>();

  /** Ordinals must be added in ascending order per address; a repeat of the last one is ignored. */
  add(address: string, ordinal: number): void {
    const held = this.byAddress.get(address);
    if (held === undefined) this.byAddress.set(address, ordinal);
    else if (typeof held === 'number') {
      if (held !== ordinal) this.byAddress.set(address, [held, ordinal]);
    } else if (held[held.length - 1] !== ordinal) held.push(ordinal);
  }

  /** Replaces an address's list (signatures files are authoritative for the addresses they cover). */
  replace(address: string, ordinals: readonly number[]): void {
    const sorted = [...new Set(ordinals)].sort((a, b) => a - b);
    this.byAddress.set(address, sorted.length === 1 ? (sorted[0] as number) : sorted);
  }

  ordinals(address: string): readonly number[] {
    const held = this.byAddress.get(address);
    return held === undefined ? [] : typeof held === 'number' ? [held] : held;
  }

  has(address: string, ordinal: number): boolean {
    const held = this.byAddress.get(address);
    if (held === undefined) return false;
    if (typeof held === 'number') return held === ordinal;
    const i = lowerBound(held, ordinal);
    return held[i] === ordinal;
  }

  get size(): number {
    return this.byAddress.size;
  }
}

/** First index whose value is ≥ `value` in an ascending list. */
export function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > `value` in an ascending list. */
export function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
