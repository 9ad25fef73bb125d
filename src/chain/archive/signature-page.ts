import { lowerBound, upperBound } from './address-index.ts';

/**
 * Where a `before` / `until` cursor sits in the archive's chain order: an ordinal, `absent` (no cursor
 * given) or `unknown` (a signature the archive does not hold).
 */
export type Cursor = number | 'absent' | 'unknown';

/**
 * One getSignaturesForAddress page over an address's history (ordinals ascending = oldest first), with
 * the node's semantics (Agave `get_confirmed_signatures_for_address2`): newest first; `before` exclusive,
 * and a `before` the node does not know yields an empty page; `until` exclusive, and an unknown `until`
 * is ignored (the walk goes to the oldest transaction); at most `limit` entries. Both cursors compare by
 * chain position, so they may name any transaction, not only ones in this address's history.
 */
export function signaturePage(
  history: readonly number[],
  before: Cursor,
  until: Cursor,
  limit: number,
): number[] {
  if (before === 'unknown') return [];
  const end = before === 'absent' ? history.length : lowerBound(history, before);
  const start = typeof until === 'number' ? upperBound(history, until) : 0;
  const out: number[] = [];
  for (let i = end - 1; i >= start && out.length < limit; i--) out.push(history[i] as number);
  return out;
}
