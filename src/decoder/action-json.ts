import type { Action } from './action.ts';

/**
 * The JSON form of an action (CLI contract of SPEC §2.2 and the API): amounts as base-unit integer strings,
 * USD values as decimal strings, `slot` as a string (u64).
 */
export interface ActionJson {
  signature: string;
  index: number;
  slot: string | null;
  blockTime: number | null;
  kind: Action['kind'];
  owner: string | null;
  mintIn: string | null;
  amountIn: string | null;
  decimalsIn: number | null;
  mintOut: string | null;
  amountOut: string | null;
  decimalsOut: number | null;
  programs: readonly string[];
  venue: string | null;
  side: Action['side'];
  counterparty: string | null;
  usdIn: string | null;
  usdOut: string | null;
  transferFeeRaw: string | null;
  event: Action['event'];
}

const str = (v: bigint | null): string | null => (v === null ? null : v.toString());

export function actionToJson(a: Action): ActionJson {
  return {
    signature: a.signature,
    index: a.index,
    slot: str(a.slot),
    blockTime: a.blockTime,
    kind: a.kind,
    owner: a.owner,
    mintIn: a.mintIn,
    amountIn: str(a.amountIn),
    decimalsIn: a.decimalsIn,
    mintOut: a.mintOut,
    amountOut: str(a.amountOut),
    decimalsOut: a.decimalsOut,
    programs: a.programs,
    venue: a.venue,
    side: a.side,
    counterparty: a.counterparty,
    usdIn: a.usdIn,
    usdOut: a.usdOut,
    transferFeeRaw: str(a.transferFeeRaw),
    event: a.event,
  };
}
