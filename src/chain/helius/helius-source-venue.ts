import type { Action } from '../../decoder/action.ts';

/**
 * Helius `source` (the `TransactionSource` enum of its OpenAPI definition) → our venue label (the program
 * names of `src/decoder/programs/program-registry.ts`).
 *
 * A source names a protocol, not a program: `JUPITER` covers v1–v6, `RAYDIUM` covers AMM v4, CPMM and CLMM,
 * `ORCA` covers the legacy pools and Whirlpools. The decoder names the venue from the program ids the
 * transaction invoked, which is exact; this table is only the fallback for swaps through a program the
 * registry does not know (the decoder says `unknown`), and then names the protocol's current main program.
 * Sources that are not trading venues (SYSTEM_PROGRAM, STAKE_PROGRAM, MAGIC_EDEN, ...) are absent on
 * purpose.
 */
const SOURCE_VENUES: Readonly<Record<string, string>> = {
  JUPITER: 'jupiter_v6',
  RAYDIUM: 'raydium_amm_v4',
  ORCA: 'orca_whirlpool',
  SERUM: 'openbook',
  LIFINITY: 'lifinity_v2',
  SAROS: 'saros',
  CROPPER: 'cropper',
};

export function venueOfSource(source: string | null | undefined): string | null {
  if (source === null || source === undefined) return null;
  return SOURCE_VENUES[source] ?? null;
}

/** Swaps the decoder could only attribute to an `unknown` program take the venue Helius named, if any. */
export function withSourceVenue(actions: Action[], source: string | null | undefined): Action[] {
  const venue = venueOfSource(source);
  if (venue === null) return actions;
  return actions.map((a) => (a.kind === 'swap' && a.venue === 'unknown' ? { ...a, venue } : a));
}
