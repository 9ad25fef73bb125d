import { createHash } from 'node:crypto';
import type { ProgramEvent } from '../../decoder/action.ts';
import { decodeProgramEvents } from '../../decoder/events/decode-program-events.ts';
import { PROGRAM_IDS } from '../../decoder/programs/program-registry.ts';
import type { NormalizedTransaction } from '../../decoder/transaction/normalized-transaction.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { TOKEN_TOTAL_SUPPLY } from '../curve/bonding-curve-math.ts';
import type { AmmVenue, TradeVenue } from '../events/launch-event.ts';

/**
 * What one confirmed transaction tells the launch radar, read from the program events the decoder finds
 * (Pump.fun CreateEvent / TradeEvent / CompleteEvent / CompletePumpAmmMigrationEvent, PumpSwap CreatePoolEvent /
 * BuyEvent / SellEvent) and from a Raydium AMM v4 `initialize2` that pools a launched mint. Pure.
 */
export interface LaunchFact {
  readonly mint: string;
  readonly creator: string;
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  readonly bondingCurve: string;
  readonly tokenProgram: string;
  readonly instruction: 'create' | 'create_v2';
  readonly tokenTotalSupply: bigint;
}

export interface TradeFact {
  readonly mint: string;
  readonly eventIndex: number;
  readonly signer: string;
  readonly side: 'buy' | 'sell';
  readonly venue: TradeVenue;
  /** Lamports exchanged at the curve or pool price, fees excluded (the event's solAmount / quoteAmountIn|Out). */
  readonly solAmount: bigint;
  readonly tokenAmount: bigint;
  /** Protocol (+ LP on an AMM) fees, lamports. */
  readonly feeLamports: bigint;
  readonly creatorFeeLamports: bigint;
  /** Reserves after the trade (curve: as the TradeEvent reports; AMM: the pool's, derived from the event). */
  readonly virtualSolReserves: bigint;
  readonly virtualTokenReserves: bigint;
  readonly realSolReserves: bigint;
  readonly realTokenReserves: bigint;
  /** The AMM pool of an AMM trade. */
  readonly pool: string | null;
}

export interface CompletionFact {
  readonly mint: string;
  readonly bondingCurve: string;
}

export interface MigrationFact {
  readonly mint: string;
  readonly venue: AmmVenue;
  readonly pool: string;
}

export interface PoolFact {
  readonly mint: string;
  readonly pool: string;
  readonly venue: AmmVenue;
  readonly baseReserve: bigint;
  readonly quoteReserve: bigint;
  readonly lpSupply: bigint;
}

export interface LaunchTransactionFacts {
  readonly signature: string;
  readonly slot: bigint;
  /** Block time, Unix ms (0 when the node did not report it). */
  readonly tEventMs: bigint;
  readonly launches: readonly LaunchFact[];
  readonly trades: readonly TradeFact[];
  readonly completions: readonly CompletionFact[];
  readonly migrations: readonly MigrationFact[];
  readonly pools: readonly PoolFact[];
}

/** The launch radar's view of pools it did not see created: pool address → launched mint. */
export type PoolMintLookup = (pool: string) => string | undefined;
/** Whether a mint is a Pump.fun launch (for Raydium pools, which carry no Pump.fun event). */
export type LaunchMintLookup = (mint: string) => boolean;

const RAYDIUM_AMM_V4 = '675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8';
// Raydium AMM v4 instruction tag 1 = initialize2 (accounts: 4 amm, 8 coin mint, 9 pc mint).
const RAYDIUM_INITIALIZE2 = 1;
const CREATE_V2 = createHash('sha256').update('global:create_v2').digest().subarray(0, 8);

const str = (e: ProgramEvent, field: string): string => {
  const v = e.data[field];
  return typeof v === 'string' ? v : '';
};
const int = (e: ProgramEvent, field: string): bigint => {
  const v = e.data[field];
  return typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n;
};
const bool = (e: ProgramEvent, field: string): boolean => e.data[field] === true;

export function launchFactsOf(
  tx: NormalizedTransaction,
  lookups: { readonly poolMint: PoolMintLookup; readonly isLaunchMint: LaunchMintLookup },
): LaunchTransactionFacts {
  const facts = {
    signature: tx.signature,
    slot: tx.slot ?? 0n,
    tEventMs: BigInt(tx.blockTime ?? 0) * 1000n,
    launches: [] as LaunchFact[],
    trades: [] as TradeFact[],
    completions: [] as CompletionFact[],
    migrations: [] as MigrationFact[],
    pools: [] as PoolFact[],
  };
  if (tx.failed) return facts;
  const poolsHere = new Map<string, string>();
  const mintOfPool = (pool: string): string | undefined => poolsHere.get(pool) ?? lookups.poolMint(pool);
  const createV2 = tx.instructions.some(
    (ix) => ix.programId === PROGRAM_IDS.pumpfun && ix.data !== null && startsWith(ix.data, CREATE_V2),
  );
  const events = decodeProgramEvents(tx);
  events.forEach((e, eventIndex) => {
    const key = `${e.program}.${e.name}`;
    switch (key) {
      case 'pumpfun.CreateEvent': {
        const tokenProgram = str(e, 'tokenProgram') || PROGRAM_IDS.splToken;
        facts.launches.push({
          mint: str(e, 'mint'),
          creator: str(e, 'creator') || str(e, 'user'),
          name: str(e, 'name'),
          symbol: str(e, 'symbol'),
          uri: str(e, 'uri'),
          bondingCurve: str(e, 'bondingCurve'),
          tokenProgram,
          instruction: createV2 || tokenProgram === PROGRAM_IDS.splToken2022 ? 'create_v2' : 'create',
          tokenTotalSupply: int(e, 'tokenTotalSupply') || TOKEN_TOTAL_SUPPLY,
        });
        break;
      }
      case 'pumpfun.TradeEvent': {
        const quote = str(e, 'quoteMint');
        if (quote !== '' && quote !== SOL_MINT && quote !== PROGRAM_IDS.system) break; // non-SOL curves
        facts.trades.push({
          mint: str(e, 'mint'),
          eventIndex,
          signer: str(e, 'user'),
          side: bool(e, 'isBuy') ? 'buy' : 'sell',
          venue: 'pumpfun',
          solAmount: int(e, 'solAmount'),
          tokenAmount: int(e, 'tokenAmount'),
          feeLamports: int(e, 'fee'),
          creatorFeeLamports: int(e, 'creatorFee'),
          virtualSolReserves: int(e, 'virtualSolReserves'),
          virtualTokenReserves: int(e, 'virtualTokenReserves'),
          realSolReserves: int(e, 'realSolReserves'),
          realTokenReserves: int(e, 'realTokenReserves'),
          pool: null,
        });
        break;
      }
      case 'pumpfun.CompleteEvent':
        facts.completions.push({ mint: str(e, 'mint'), bondingCurve: str(e, 'bondingCurve') });
        break;
      case 'pumpfun.CompletePumpAmmMigrationEvent': {
        const pool = str(e, 'pool');
        poolsHere.set(pool, str(e, 'mint'));
        facts.migrations.push({ mint: str(e, 'mint'), venue: 'pumpswap', pool });
        break;
      }
      case 'pumpswap.CreatePoolEvent': {
        if (str(e, 'quoteMint') !== SOL_MINT) break;
        const pool = str(e, 'pool');
        poolsHere.set(pool, str(e, 'baseMint'));
        facts.pools.push({
          mint: str(e, 'baseMint'),
          pool,
          venue: 'pumpswap',
          baseReserve: int(e, 'poolBaseAmount'),
          quoteReserve: int(e, 'poolQuoteAmount'),
          lpSupply: int(e, 'initialLiquidity'),
        });
        break;
      }
      case 'pumpswap.BuyEvent':
      case 'pumpswap.SellEvent': {
        const pool = str(e, 'pool');
        const mint = mintOfPool(pool);
        if (mint === undefined) break;
        facts.trades.push(ammTrade(e, eventIndex, mint, pool));
        break;
      }
      default:
        break;
    }
  });
  for (const ix of tx.instructions) {
    if (ix.programId !== RAYDIUM_AMM_V4 || ix.data === null || ix.data[0] !== RAYDIUM_INITIALIZE2) continue;
    const [pool, coin, pc] = [ix.accounts[4], ix.accounts[8], ix.accounts[9]];
    if (pool === undefined || coin === undefined || pc === undefined) continue;
    const mint = pc === SOL_MINT ? coin : coin === SOL_MINT ? pc : undefined;
    if (mint !== undefined && lookups.isLaunchMint(mint))
      facts.migrations.push({ mint, venue: 'raydium', pool });
  }
  return facts;
}

/**
 * A PumpSwap trade. The event reports the pool's reserves before the trade; after it, the pool holds the base
 * moved and the quote moved net of what left for the protocol and the coin creator (the LP fee stays).
 */
function ammTrade(e: ProgramEvent, eventIndex: number, mint: string, pool: string): TradeFact {
  const isBuy = e.name === 'BuyEvent';
  const base = int(e, 'poolBaseTokenReserves');
  const quote = int(e, 'poolQuoteTokenReserves');
  const lpFee = int(e, 'lpFee');
  const protocolFee = int(e, 'protocolFee');
  const creatorFee = int(e, 'coinCreatorFee');
  const baseAmount = isBuy ? int(e, 'baseAmountOut') : int(e, 'baseAmountIn');
  const solAmount = isBuy ? int(e, 'quoteAmountIn') : int(e, 'quoteAmountOut');
  const baseAfter = isBuy ? base - baseAmount : base + baseAmount;
  const quoteAfter = isBuy ? quote + solAmount + lpFee : quote - (solAmount - lpFee);
  return {
    mint,
    eventIndex,
    signer: str(e, 'user'),
    side: isBuy ? 'buy' : 'sell',
    venue: 'pumpswap',
    solAmount,
    tokenAmount: baseAmount,
    feeLamports: lpFee + protocolFee,
    creatorFeeLamports: creatorFee,
    virtualSolReserves: quoteAfter,
    virtualTokenReserves: baseAfter,
    realSolReserves: quoteAfter,
    realTokenReserves: baseAfter,
    pool,
  };
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}
