/**
 * Entry size of a copy: `capital × allocation` in USD (the wallet's allocation when it has one, else the system
 * default), converted to token base units at the quote price, rounded down (never buy more than allocated).
 * An entry worth less than `minEntryUsd` at the quote is refused: below it the fixed network fee and the rounding
 * eat the edge, and dust positions clutter the book.
 */
import { ONE, formatFixed } from '../strategy/fixed-point.ts';
import { PositionError } from './position-error.ts';
import { assertDecimals, readUsd, valueFloor } from './usd-grid.ts';

export interface SizingSettings {
  /** Capital of the book, USD, > 0. */
  readonly capitalUsd: string;
  /** System default share of the capital per entry, 0 < x ≤ 1. */
  readonly defaultAllocation: string;
  /** Smallest entry worth opening, USD at the quote, ≥ 0. */
  readonly minEntryUsd: string;
}

export interface SizingRequest {
  /** The wallet's own allocation (0 < x ≤ 1), null to use the default. */
  readonly walletAllocation: string | null;
  /** USD per whole token. */
  readonly quotePriceUsd: string;
  readonly decimals: number;
}

export type EntrySize =
  | {
      readonly ok: true;
      /** `capital × allocation`, what we meant to spend. */
      readonly targetUsd: string;
      /** The allocation used (the wallet's or the default). */
      readonly allocation: string;
      /** `floor(target / price)` in base units, ≥ 1. */
      readonly qtyRaw: bigint;
      /** `qtyRaw × price` rounded down: what the entry is worth at the quote (≤ target). */
      readonly notionalUsd: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'BELOW_MINIMUM';
      readonly targetUsd: string;
      readonly notionalUsd: string;
      readonly minEntryUsd: string;
    };

function allocationOf(s: string, what: string): bigint {
  let v: bigint;
  try {
    v = readUsd(s, what, true);
  } catch (cause) {
    throw new PositionError(
      'SIZING_CONFIG_INVALID',
      `${what} must be a decimal 0 < x ≤ 1, got ${JSON.stringify(s)}`,
      {},
      { cause },
    );
  }
  if (v > ONE) throw new PositionError('SIZING_CONFIG_INVALID', `${what} must be ≤ 1, got ${s}`);
  return v;
}

/** Validates the settings; throws `SIZING_CONFIG_INVALID`. */
export function assertSizingSettings(s: SizingSettings): void {
  allocationOf(s.defaultAllocation, 'default allocation');
  try {
    readUsd(s.capitalUsd, 'capital', true);
    readUsd(s.minEntryUsd, 'minimum entry');
  } catch (cause) {
    throw new PositionError(
      'SIZING_CONFIG_INVALID',
      'capital must be > 0 and minimum entry ≥ 0',
      {},
      { cause },
    );
  }
}

export function sizeEntry(settings: SizingSettings, r: SizingRequest): EntrySize {
  assertSizingSettings(settings);
  assertDecimals(r.decimals);
  const allocation =
    r.walletAllocation === null
      ? allocationOf(settings.defaultAllocation, 'default allocation')
      : allocationOf(r.walletAllocation, 'wallet allocation');
  const capital = readUsd(settings.capitalUsd, 'capital', true);
  const min = readUsd(settings.minEntryUsd, 'minimum entry');
  const price = readUsd(r.quotePriceUsd, 'quote price', true);
  const target = (capital * allocation) / ONE;
  // qty = floor(target × 10^decimals / price): exact on the grid, both sides scaled by 10^18.
  const qtyRaw = (target * 10n ** BigInt(r.decimals)) / price;
  const notional = valueFloor(qtyRaw, price, r.decimals);
  if (qtyRaw <= 0n || notional < min) {
    return {
      ok: false,
      reason: 'BELOW_MINIMUM',
      targetUsd: formatFixed(target),
      notionalUsd: formatFixed(notional),
      minEntryUsd: formatFixed(min),
    };
  }
  return {
    ok: true,
    targetUsd: formatFixed(target),
    allocation: formatFixed(allocation),
    qtyRaw,
    notionalUsd: formatFixed(notional),
  };
}
