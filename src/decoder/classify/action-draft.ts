import type { ActionKind, SwapSide } from '../action.ts';

/** An action before it gets its `(signature, index)` and transaction-wide fields. */
export interface ActionDraft {
  readonly kind: ActionKind;
  readonly owner: string;
  readonly mintIn: string | null;
  readonly amountIn: bigint | null;
  readonly decimalsIn: number | null;
  readonly mintOut: string | null;
  readonly amountOut: bigint | null;
  readonly decimalsOut: number | null;
  readonly venue: string | null;
  readonly side: SwapSide | null;
  readonly counterparty: string | null;
  readonly transferFeeRaw: bigint | null;
}

/** One owner's running change in one mint while its actions are carved out of it. */
export interface Leg {
  delta: bigint;
  readonly decimals: number;
}

const empty = {
  mintIn: null,
  amountIn: null,
  decimalsIn: null,
  mintOut: null,
  amountOut: null,
  decimalsOut: null,
  venue: null,
  side: null,
  counterparty: null,
  transferFeeRaw: null,
} as const;

/** Something that left the owner's wallet. */
export function outgoing(
  kind: ActionKind,
  owner: string,
  mint: string,
  amount: bigint,
  decimals: number,
  counterparty: string | null = null,
): ActionDraft {
  return { ...empty, kind, owner, mintIn: mint, amountIn: amount, decimalsIn: decimals, counterparty };
}

/** Something that arrived in the owner's wallet. */
export function incoming(
  kind: ActionKind,
  owner: string,
  mint: string,
  amount: bigint,
  decimals: number,
  counterparty: string | null = null,
): ActionDraft {
  return { ...empty, kind, owner, mintOut: mint, amountOut: amount, decimalsOut: decimals, counterparty };
}

/** Both sides: a swap, or a stake/unstake through a stake pool. */
export function exchange(
  kind: ActionKind,
  owner: string,
  inLeg: { mint: string; amount: bigint; decimals: number },
  outLeg: { mint: string; amount: bigint; decimals: number },
  extra: { venue: string | null; side: SwapSide | null; transferFeeRaw: bigint | null },
): ActionDraft {
  return {
    ...empty,
    kind,
    owner,
    mintIn: inLeg.mint,
    amountIn: inLeg.amount,
    decimalsIn: inLeg.decimals,
    mintOut: outLeg.mint,
    amountOut: outLeg.amount,
    decimalsOut: outLeg.decimals,
    ...extra,
  };
}
