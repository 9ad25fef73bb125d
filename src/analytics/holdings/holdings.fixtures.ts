/** Test-only action builders for the holdings tests (no IO). */
import type { Action } from '../../decoder/action.ts';
import { base as blankAction } from '../ledger/ledger.fixtures.ts';

export const WALLET = 'Ho1der1111111111111111111111111111111111111';
export const TOKEN = 'Tok3n11111111111111111111111111111111111111';
export const T0 = 1_700_000_000;
export const DAY = 86_400;

const base: Action = { ...blankAction, blockTime: T0, kind: 'transfer_in', owner: WALLET };

/** The transaction of `slot`, at `T0 + seconds`. */
export function tx(
  slot: number,
  seconds: number,
  index = 0,
): Pick<Action, 'slot' | 'signature' | 'index' | 'blockTime'> {
  return {
    slot: BigInt(slot),
    signature: `tx${String(slot).padStart(6, '0')}`,
    index,
    blockTime: T0 + seconds,
  };
}

export function receive(at: ReturnType<typeof tx>, mint: string, raw: bigint, decimals: number): Action {
  return { ...base, ...at, kind: 'transfer_in', mintOut: mint, amountOut: raw, decimalsOut: decimals };
}

export function send(at: ReturnType<typeof tx>, mint: string, raw: bigint, decimals: number): Action {
  return { ...base, ...at, kind: 'transfer_out', mintIn: mint, amountIn: raw, decimalsIn: decimals };
}

export function swap(
  at: ReturnType<typeof tx>,
  give: readonly [string, bigint, number],
  get: readonly [string, bigint, number],
): Action {
  return {
    ...base,
    ...at,
    kind: 'swap',
    side: 'swap',
    mintIn: give[0],
    amountIn: give[1],
    decimalsIn: give[2],
    mintOut: get[0],
    amountOut: get[1],
    decimalsOut: get[2],
  };
}

export function fee(at: ReturnType<typeof tx>, mint: string, lamports: bigint): Action {
  return { ...base, ...at, kind: 'fee', mintIn: mint, amountIn: lamports, decimalsIn: 9 };
}
