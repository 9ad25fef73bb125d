import type { Action } from './schemas.ts';

/** Quote mints: a swap against one of these is a trade of the other token. */
const QUOTES = new Set([
  'So11111111111111111111111111111111111111112',
  'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
  'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
]);

export interface Trade {
  readonly t: number;
  readonly side: 'buy' | 'sell';
  readonly qtyRaw: bigint;
  readonly decimals: number;
  readonly usd: string | null;
  readonly signature: string;
}

export interface Episode {
  readonly trades: Trade[];
  readonly open: boolean;
}

export interface TokenHistory {
  readonly mint: string;
  readonly episodes: Episode[];
  readonly trades: number;
}

function tradeOf(a: Action): { mint: string; trade: Trade } | null {
  if (a.kind !== 'swap' || a.blockTime === null) return null;
  if (a.mintOut !== null && !QUOTES.has(a.mintOut) && a.amountOut !== null && a.decimalsOut !== null) {
    return {
      mint: a.mintOut,
      trade: {
        t: a.blockTime,
        side: 'buy',
        qtyRaw: BigInt(a.amountOut),
        decimals: a.decimalsOut,
        usd: a.usdIn,
        signature: a.signature,
      },
    };
  }
  if (a.mintIn !== null && !QUOTES.has(a.mintIn) && a.amountIn !== null && a.decimalsIn !== null) {
    return {
      mint: a.mintIn,
      trade: {
        t: a.blockTime,
        side: 'sell',
        qtyRaw: BigInt(a.amountIn),
        decimals: a.decimalsIn,
        usd: a.usdOut,
        signature: a.signature,
      },
    };
  }
  return null;
}

/**
 * Groups the wallet's swaps per token into episodes for display: an episode opens on a buy from a flat
 * position and closes when the swapped quantity is back to zero (the FIFO ledger's numbers are the summary's).
 */
export function groupEpisodes(actions: readonly Action[]): TokenHistory[] {
  const perMint = new Map<string, Trade[]>();
  for (const a of actions) {
    const x = tradeOf(a);
    if (x === null) continue;
    const list = perMint.get(x.mint) ?? [];
    list.push(x.trade);
    perMint.set(x.mint, list);
  }
  const out: TokenHistory[] = [];
  for (const [mint, trades] of perMint) {
    trades.sort((a, b) => a.t - b.t);
    const episodes: Episode[] = [];
    let current: Trade[] = [];
    let held = 0n;
    for (const t of trades) {
      current.push(t);
      held += t.side === 'buy' ? t.qtyRaw : -t.qtyRaw;
      if (held <= 0n) {
        episodes.push({ trades: current, open: false });
        current = [];
        held = 0n;
      }
    }
    if (current.length > 0) episodes.push({ trades: current, open: true });
    out.push({ mint, episodes, trades: trades.length });
  }
  return out.sort((a, b) => b.trades - a.trades || (a.mint < b.mint ? -1 : 1));
}
