/** One-shot ledger of a wallet (SPEC §3 "Ledger"); see README.md for the rules. */
import type { Action } from '../../decoder/action.ts';
import { LedgerBuilder } from './ledger-builder.ts';
import type { LedgerResult } from './ledger-records.ts';
import type { LedgerOptions } from './ledger-options.ts';
import type { LedgerSnapshot } from './ledger-state.ts';

export interface LedgerBuild extends LedgerResult {
  /** State every 500 applied actions, to resume from with `resumeLedger`. */
  readonly snapshots: readonly LedgerSnapshot[];
}

export function buildLedger(wallet: string, actions: readonly Action[], options: LedgerOptions): LedgerBuild {
  const builder = LedgerBuilder.create(wallet, options).apply(actions);
  return { ...builder.result(), snapshots: builder.periodicSnapshots() };
}

/** Continue from a snapshot with more actions (those at or before its cursor are skipped). */
export function resumeLedger(
  snapshot: LedgerSnapshot,
  actions: readonly Action[],
  options: LedgerOptions,
): LedgerResult {
  return LedgerBuilder.fromSnapshot(snapshot, options).apply(actions).result();
}
