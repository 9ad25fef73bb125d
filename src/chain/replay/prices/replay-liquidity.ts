import { formatUnits, fromScaled, toScaled, USD_SCALE } from '../../../domain/decimal.ts';
import { SOL_MINT } from '../../../domain/mints.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { marketReserves, type MarketReserves } from '../tokens/market-reserves.ts';
import type { TokenLedger } from '../tokens/token-ledger.ts';
import type { ArchiveCandleBook } from './archive-candle-book.ts';

/** The token facts the vendor routes read besides candles: balances and recorded market accounts. */
export interface ReplayTokenFacts {
  readonly archive: ArchiveReader;
  readonly ledger: () => Promise<TokenLedger>;
}

export interface ReplayLiquidity {
  readonly reserves: MarketReserves;
  /** Token reserve in whole tokens. */
  readonly base: string;
  /** SOL reserve valued in USD (the replay pair is quoted in USDC). */
  readonly quote: string;
  /** base × the token's newest close + quote. */
  readonly usd: string;
}

/**
 * A mint's liquidity the way DexScreener reports it (both sides of the pool in USD), from the archive's own
 * facts: the reserves of its recorded market (`marketReserves`), the token side valued at the newest archived
 * close of the mint, the SOL side at the newest archived close of SOL. The replay pair is quoted in USDC, so
 * `quote` is the SOL side's USD value. Null when the archive records no market or has no SOL price.
 */
export async function replayLiquidity(
  book: ArchiveCandleBook,
  facts: ReplayTokenFacts,
  mint: string,
  tokenClose: string,
): Promise<ReplayLiquidity | null> {
  const reserves = marketReserves(facts.archive, await facts.ledger(), mint);
  const sol = await book.latest(SOL_MINT);
  if (reserves === null || sol === undefined) return null;
  const base = formatUnits(reserves.tokenRaw, reserves.tokenDecimals);
  const scale = 10n ** BigInt(USD_SCALE);
  const baseUsd = (toScaled(base, USD_SCALE) * toScaled(tokenClose, USD_SCALE)) / scale;
  const quoteUsd = (reserves.lamports * toScaled(sol.close, USD_SCALE)) / 10n ** 9n;
  return {
    reserves,
    base,
    quote: fromScaled(quoteUsd, USD_SCALE),
    usd: fromScaled(baseUsd + quoteUsd, USD_SCALE),
  };
}
