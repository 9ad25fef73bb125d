/**
 * What one transaction means for the ledger: a list of legs per mint (buy, sell, in, out), with USD values
 * resolved from the quote legs or `priceAt`, and the SOL fee attached to the first trade leg.
 */
import type { Action } from '../../decoder/action.ts';
import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { BasisSource, LedgerFlag } from './ledger-records.ts';
import type { LedgerOptions } from './ledger-options.ts';
import { type UsdScaled, usdFromString, usdValue } from './usd-amount.ts';

export interface Valuation {
  readonly usd: UsdScaled;
  readonly source: string;
}

export type Leg =
  | {
      readonly type: 'buy' | 'in';
      readonly action: Action;
      readonly mint: string;
      readonly decimals: number | null;
      readonly qtyRaw: bigint;
      value: Valuation | null;
      readonly basisSource: BasisSource;
    }
  | {
      readonly type: 'sell';
      readonly action: Action;
      readonly mint: string;
      readonly decimals: number | null;
      readonly qtyRaw: bigint;
      value: Valuation | null;
    }
  | {
      readonly type: 'out';
      readonly action: Action;
      readonly mint: string;
      readonly decimals: number | null;
      readonly qtyRaw: bigint;
      readonly target: 'linked' | 'exchange' | 'other' | 'removed';
    };

export interface TransactionLegs {
  readonly legs: Leg[];
  readonly flags: LedgerFlag[];
}

function quoteSet(options: LedgerOptions): ReadonlySet<string> {
  return options.quoteMints instanceof Set ? options.quoteMints : new Set(options.quoteMints);
}

export function marketValue(
  options: LedgerOptions,
  mint: string,
  amountRaw: bigint,
  decimals: number | null,
  blockTime: number | null,
): Valuation | null {
  if (decimals === null || blockTime === null) return null;
  const quote = options.priceAt(mint, blockTime);
  if (quote === null) return null;
  return { usd: usdValue(amountRaw, decimals, quote.priceUsd), source: quote.source };
}

/** USD of a quote leg: the decoder's value when it has one, else the market price of the quote asset. */
function quoteLegValue(
  options: LedgerOptions,
  usd: string | null,
  mint: string,
  amountRaw: bigint,
  decimals: number | null,
  blockTime: number | null,
): Valuation | null {
  if (usd !== null) return { usd: usdFromString(usd), source: 'swap' };
  return marketValue(options, mint, amountRaw, decimals, blockTime);
}

function swapLegs(options: LedgerOptions, quotes: ReadonlySet<string>, a: Action): Leg[] {
  const legs: Leg[] = [];
  const hasIn = a.mintIn !== null && a.amountIn !== null && a.amountIn > 0n;
  const hasOut = a.mintOut !== null && a.amountOut !== null && a.amountOut > 0n;
  const inIsQuote = hasIn && quotes.has(a.mintIn ?? '');
  const outIsQuote = hasOut && quotes.has(a.mintOut ?? '');
  const inValue = hasIn
    ? inIsQuote
      ? quoteLegValue(options, a.usdIn, a.mintIn ?? '', a.amountIn ?? 0n, a.decimalsIn, a.blockTime)
      : marketValue(options, a.mintIn ?? '', a.amountIn ?? 0n, a.decimalsIn, a.blockTime)
    : null;
  const outValue = hasOut
    ? outIsQuote
      ? quoteLegValue(options, a.usdOut, a.mintOut ?? '', a.amountOut ?? 0n, a.decimalsOut, a.blockTime)
      : marketValue(options, a.mintOut ?? '', a.amountOut ?? 0n, a.decimalsOut, a.blockTime)
    : null;
  if (hasIn && !inIsQuote && a.mintIn !== null && a.amountIn !== null) {
    // Proceeds: the quote leg that arrived; token↔token: the market value of what left, else of what arrived.
    const value = outIsQuote ? outValue : (inValue ?? outValue);
    legs.push({ type: 'sell', action: a, mint: a.mintIn, decimals: a.decimalsIn, qtyRaw: a.amountIn, value });
  }
  if (hasOut && !outIsQuote && a.mintOut !== null && a.amountOut !== null) {
    const value = inIsQuote ? inValue : (outValue ?? inValue);
    legs.push({
      type: 'buy',
      action: a,
      mint: a.mintOut,
      decimals: a.decimalsOut,
      qtyRaw: a.amountOut,
      value,
      basisSource: 'swap',
    });
  }
  return legs;
}

function incomingLeg(options: LedgerOptions, quotes: ReadonlySet<string>, a: Action): Leg | null {
  if (a.mintOut === null || a.amountOut === null || a.amountOut <= 0n || quotes.has(a.mintOut)) return null;
  const linked = a.counterparty !== null && (options.linkedWallets?.has(a.counterparty) ?? false);
  const basisSource: BasisSource =
    a.kind === 'mint' ? 'airdrop' : a.kind === 'transfer_in' && linked ? 'linked_wallet' : 'transfer_in';
  let value = marketValue(options, a.mintOut, a.amountOut, a.decimalsOut, a.blockTime);
  if (linked) {
    const carried = options.linkedBasisUsd?.(a.mintOut, a.signature, a.amountOut);
    if (carried !== undefined && carried !== null)
      value = { usd: usdFromString(carried), source: 'linked_wallet' };
  }
  return {
    type: 'in',
    action: a,
    mint: a.mintOut,
    decimals: a.decimalsOut,
    qtyRaw: a.amountOut,
    value,
    basisSource,
  };
}

function outgoingLeg(options: LedgerOptions, quotes: ReadonlySet<string>, a: Action): Leg | null {
  if (a.mintIn === null || a.amountIn === null || a.amountIn <= 0n || quotes.has(a.mintIn)) return null;
  let target: 'linked' | 'exchange' | 'other' | 'removed' = 'removed';
  if (a.kind === 'transfer_out') {
    const cp = a.counterparty;
    if (cp !== null && (options.linkedWallets?.has(cp) ?? false)) target = 'linked';
    else if (
      cp !== null &&
      (options.realizeExchangeDeposits ?? true) &&
      (options.exchangeDeposits?.has(cp) ?? false)
    )
      target = 'exchange';
    else target = 'other';
  }
  return { type: 'out', action: a, mint: a.mintIn, decimals: a.decimalsIn, qtyRaw: a.amountIn, target };
}

/** Legs of one transaction (actions sorted by index, all of the wallet). */
export function transactionLegs(options: LedgerOptions, actions: readonly Action[]): TransactionLegs {
  const quotes = quoteSet(options);
  const legs: Leg[] = [];
  const flags: LedgerFlag[] = [];
  let feeRaw = 0n;
  let feeAction: Action | null = null;
  for (const a of actions) {
    switch (a.kind) {
      case 'swap':
        legs.push(...swapLegs(options, quotes, a));
        break;
      case 'transfer_in':
      case 'mint':
      case 'lp_remove':
      case 'unstake': {
        const leg = incomingLeg(options, quotes, a);
        if (leg !== null) legs.push(leg);
        break;
      }
      case 'transfer_out':
      case 'burn':
      case 'lp_add':
      case 'stake': {
        const leg = outgoingLeg(options, quotes, a);
        if (leg !== null) legs.push(leg);
        break;
      }
      case 'fee':
        if (a.mintIn === SOL_MINT && a.amountIn !== null && a.amountIn > 0n) {
          feeRaw += a.amountIn;
          feeAction ??= a;
        }
        break;
      case 'rent':
      case 'event':
        break;
    }
  }
  const target = legs.find((l) => l.type === 'buy') ?? legs.find((l) => l.type === 'sell');
  if (feeAction !== null && target !== undefined && (target.type === 'buy' || target.type === 'sell')) {
    const fee = marketValue(options, SOL_MINT, feeRaw, SOL_DECIMALS, feeAction.blockTime);
    if (fee === null) {
      flags.push({
        code: 'fee_unpriced',
        mint: target.mint,
        at: {
          slot: feeAction.slot,
          signature: feeAction.signature,
          index: feeAction.index,
          blockTime: feeAction.blockTime,
        },
        qtyRaw: feeRaw,
        costUsd: null,
        counterparty: null,
      });
    } else if (target.value !== null) {
      // Fees make a buy dearer and a sell cheaper (SPEC §3); unknown values stay unknown.
      const usd = target.type === 'buy' ? target.value.usd + fee.usd : target.value.usd - fee.usd;
      target.value = { usd, source: target.value.source };
    }
  }
  return { legs, flags };
}
