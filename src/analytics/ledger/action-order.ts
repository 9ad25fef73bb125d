/** Ledger order of actions: `(slot, signature, index)`, null slots last; grouping into transactions. */
import type { Action } from '../../decoder/action.ts';

export interface TxCursor {
  readonly slot: bigint | null;
  readonly signature: string;
}

function compareSlot(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareString(a: string, b: string): number {
  // Code-unit order, not locale order: the same on every machine.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareTx(a: TxCursor, b: TxCursor): number {
  return compareSlot(a.slot, b.slot) || compareString(a.signature, b.signature);
}

export function compareActions(a: Action, b: Action): number {
  return compareTx(a, b) || a.index - b.index;
}

/** Sorted, deduplicated by `(signature, index)` (first occurrence in sorted order wins), grouped per transaction. */
export function groupTransactions(actions: readonly Action[]): Action[][] {
  const sorted = [...actions].sort(compareActions);
  const groups: Action[][] = [];
  let current: Action[] = [];
  let last: Action | undefined;
  for (const action of sorted) {
    if (last !== undefined && last.signature === action.signature && last.index === action.index) continue;
    if (last !== undefined && compareTx(last, action) !== 0) {
      groups.push(current);
      current = [];
    }
    current.push(action);
    last = action;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
