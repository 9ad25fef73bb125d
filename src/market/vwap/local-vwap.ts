import { fromScaled, USD_SCALE } from '../../domain/decimal.ts';
import { SOL_DECIMALS, SOL_MINT, USD_STABLE_MINTS } from '../../domain/mints.ts';
import type { Candle } from '../../store/prices/candle.repository.ts';
import { toScaled } from '../../domain/decimal.ts';
import { createMemoryPriceWindow } from '../candles/memory-price-window.ts';

export const LOCAL_VWAP_SOURCE = 'local_vwap';

/** The fields of a stored swap action (`src/decoder/action.ts`) a fill needs. */
export interface SwapFill {
  readonly signature: string;
  readonly index: number;
  readonly slot: bigint | null;
  /** Unix seconds; fills without a block time are skipped. */
  readonly blockTime: number | null;
  readonly mintIn: string | null;
  readonly amountIn: bigint | null;
  readonly decimalsIn: number | null;
  readonly mintOut: string | null;
  readonly amountOut: bigint | null;
  readonly decimalsOut: number | null;
  /** USD value of the leg when the decoder priced it (decimal string). */
  readonly usdIn: string | null;
  readonly usdOut: string | null;
}

/** A 1m candle of local fills: OHLC of the per-fill prices, plus the volume-weighted average and fill count. */
export interface LocalVwapCandle extends Candle {
  /** Σ usd / Σ tokens over the minute, exact to 18 places (truncated). */
  readonly vwap: string;
  readonly fills: number;
}

export interface LocalVwapOptions {
  /** SOL/USD candles (any tiers) to value SOL-quoted fills with; finest covering candle, else the newest close
   * at most `solUsdMaxStaleMs` before the fill. */
  readonly solUsdCandles?: readonly Candle[];
  /** Default one hour: a SOL price older than that is not a bridge for a one-minute candle. */
  readonly solUsdMaxStaleMs?: number;
}

const E18 = 10n ** 18n;

/**
 * SPEC §2.6's last historical source: a mint's own swaps in the store, against SOL, USDC or USDT, turned into
 * 1m candles. Per fill, price = quote value in USD / token quantity, computed in one exact integer division
 * (truncated at 18 places): USDC/USDT legs count at $1; SOL legs are bridged through the SOL/USD candle at the
 * fill's time, or — when no SOL/USD candle is near — the USD value the decoder stored on the SOL leg; fills
 * with neither are skipped. Within a minute fills are ordered by (block time, slot, signature, index):
 * open = first fill, close = **last fill** (what the market printed last, like a vendor candle), high/low =
 * extremes, `volumeUsd` = Σ fill USD values, and `vwap` = Σ USD / Σ tokens (kept alongside, not as close, so
 * a local candle reads like every other source's). Pure: same fills in any order → the same candles.
 */
export function localVwapCandles(
  mint: string,
  fills: readonly SwapFill[],
  options: LocalVwapOptions = {},
): LocalVwapCandle[] {
  const solUsd =
    options.solUsdCandles === undefined || options.solUsdCandles.length === 0
      ? null
      : createMemoryPriceWindow(new Map([[SOL_MINT, options.solUsdCandles]]), {
          maxStaleMs: options.solUsdMaxStaleMs ?? 3_600_000,
        });
  const priced: Array<{ fill: SwapFill; time: number; price: bigint; usd: bigint; qty: bigint }> = [];
  for (const fill of fills) {
    if (fill.blockTime === null) continue;
    const leg = legsOf(mint, fill);
    if (leg === null) continue;
    const qty = leg.tokenAmount * 10n ** BigInt(USD_SCALE - leg.tokenDecimals); // tokens × 10^18
    let usd: bigint | null = null; // USD × 10^18
    if (USD_STABLE_MINTS.has(leg.quoteMint)) {
      usd = leg.quoteAmount * 10n ** BigInt(USD_SCALE - leg.quoteDecimals);
    } else {
      const sol = solUsd?.at(SOL_MINT, fill.blockTime);
      if (sol != null)
        usd = (leg.quoteAmount * toScaled(sol.priceUsd, USD_SCALE)) / 10n ** BigInt(SOL_DECIMALS);
      else if (leg.quoteUsd !== null) usd = toScaled(leg.quoteUsd, USD_SCALE);
    }
    if (usd === null) continue;
    priced.push({ fill, time: fill.blockTime, usd, qty, price: (usd * E18) / qty });
  }
  priced.sort((a, b) => a.time - b.time || compareSlot(a.fill, b.fill) || compareId(a.fill, b.fill));

  const out: LocalVwapCandle[] = [];
  let i = 0;
  while (i < priced.length) {
    const minute = Math.floor((priced[i]?.time ?? 0) / 60) * 60;
    let j = i;
    let high = -1n;
    let low = -1n;
    let usd = 0n;
    let qty = 0n;
    while (j < priced.length && Math.floor((priced[j]?.time ?? 0) / 60) * 60 === minute) {
      const p = priced[j] as (typeof priced)[number];
      if (high < 0n || p.price > high) high = p.price;
      if (low < 0n || p.price < low) low = p.price;
      usd += p.usd;
      qty += p.qty;
      j++;
    }
    out.push({
      mint,
      resolution: '1m',
      bucketStart: new Date(minute * 1000),
      open: fromScaled((priced[i] as (typeof priced)[number]).price, USD_SCALE),
      high: fromScaled(high, USD_SCALE),
      low: fromScaled(low, USD_SCALE),
      close: fromScaled((priced[j - 1] as (typeof priced)[number]).price, USD_SCALE),
      volumeUsd: fromScaled(usd, USD_SCALE),
      source: LOCAL_VWAP_SOURCE,
      vwap: fromScaled((usd * E18) / qty, USD_SCALE),
      fills: j - i,
    });
    i = j;
  }
  return out;
}

interface Legs {
  readonly tokenAmount: bigint;
  readonly tokenDecimals: number;
  readonly quoteMint: string;
  readonly quoteAmount: bigint;
  readonly quoteDecimals: number;
  readonly quoteUsd: string | null;
}

const QUOTES: ReadonlySet<string> = new Set([SOL_MINT, ...USD_STABLE_MINTS]);

/** The token side and the quote side of a swap of `mint` against SOL/USDC/USDT, or null for anything else. */
function legsOf(mint: string, f: SwapFill): Legs | null {
  const bought = f.mintOut === mint && f.mintIn !== null && QUOTES.has(f.mintIn) && f.mintIn !== mint;
  const sold = f.mintIn === mint && f.mintOut !== null && QUOTES.has(f.mintOut) && f.mintOut !== mint;
  if (!bought && !sold) return null;
  const tokenAmount = bought ? f.amountOut : f.amountIn;
  const tokenDecimals = bought ? f.decimalsOut : f.decimalsIn;
  const quoteAmount = bought ? f.amountIn : f.amountOut;
  const quoteDecimals = bought ? f.decimalsIn : f.decimalsOut;
  if (
    tokenAmount === null ||
    tokenAmount <= 0n ||
    tokenDecimals === null ||
    tokenDecimals > USD_SCALE ||
    quoteAmount === null ||
    quoteAmount < 0n ||
    quoteDecimals === null ||
    quoteDecimals > USD_SCALE
  ) {
    return null;
  }
  return {
    tokenAmount,
    tokenDecimals,
    quoteMint: bought ? f.mintIn : f.mintOut,
    quoteAmount,
    quoteDecimals,
    quoteUsd: bought ? f.usdIn : f.usdOut,
  };
}

function compareSlot(a: SwapFill, b: SwapFill): number {
  if (a.slot === b.slot) return 0;
  if (a.slot === null) return 1;
  if (b.slot === null) return -1;
  return a.slot < b.slot ? -1 : 1;
}

function compareId(a: SwapFill, b: SwapFill): number {
  if (a.signature !== b.signature) return a.signature < b.signature ? -1 : 1;
  return a.index - b.index;
}
