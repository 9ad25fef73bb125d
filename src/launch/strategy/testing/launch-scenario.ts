import { createHash } from 'node:crypto';
import { getAddressDecoder } from '@solana/kit';
import { initialCurve, type CurveReserves } from '../../curve/bonding-curve-math.ts';
import {
  quoteAmmBuy,
  quoteAmmSell,
  quoteCurveBuy,
  quoteCurveSell,
  type PoolReserves,
} from '../../curve/curve-quote.ts';
import type { PoolFees } from '../../curve/pool-math.ts';
import type {
  NewLaunchEvent,
  RiskFlagName,
  RiskSeverity,
  StoredLaunchEvent,
  TradeVenue,
} from '../../events/launch-event.ts';
import { computeFeatureBucket, minuteStartOf, type FeatureTrade } from '../../features/feature-bucket.ts';

/** A valid base58 address derived from a name (tests need mints the gRPC edge accepts). */
export const testAddress = (name: string): string =>
  getAddressDecoder().decode(createHash('sha256').update(name).digest());

export const CURVE_FEES = { protocolFeeBps: 100n, creatorFeeBps: 0n } as const;
export const POOL_FEES: PoolFees = { lpFeeBps: 20n, protocolFeeBps: 5n, creatorFeeBps: 0n };

/**
 * Events of hand-made launches for tests: trades priced by the real curve/pool math (the reserves after each
 * trade as the program would report them), per-minute buckets computed by the features module when a trade
 * opens a new minute (or on `closeMinute`), flags and migrations. Calls must come in time order.
 */
export class ScenarioLog {
  readonly events: NewLaunchEvent[] = [];
  private seq = 0;

  push(slotMs: bigint, event: NewLaunchEvent['event']): void {
    this.seq += 1;
    this.events.push({ slot: slotMs / 400n, tEventMs: slotMs, dedupeKey: `scenario:${this.seq}`, event });
  }

  /** The events as the log would hand them over, cursors 1, 2, … */
  stored(firstCursor = 1n): StoredLaunchEvent[] {
    return this.events.map((e, i) => ({
      cursor: firstCursor + BigInt(i),
      tEventMs: e.tEventMs,
      slot: e.slot,
      event: e.event,
    }));
  }
}

export class LaunchScenario {
  readonly mint: string;
  curve: CurveReserves = initialCurve();
  pool: PoolReserves | null = null;
  private venue: TradeVenue = 'pumpfun';
  private minute: bigint | null = null;
  private trades: FeatureTrade[] = [];
  private count = 0;

  constructor(
    private readonly log: ScenarioLog,
    name: string,
  ) {
    this.mint = testAddress(name);
  }

  launch(atMs: bigint, creator = 'creator'): this {
    this.log.push(atMs, {
      kind: 'tokenLaunched',
      tokenLaunched: {
        mint: this.mint,
        creator: testAddress(creator),
        name: 'Test',
        symbol: 'TST',
        uri: 'https://example.invalid/t.json',
        bondingCurve: testAddress(`${this.mint}:curve`),
        signature: `launch-${this.mint}`,
        instruction: 'create',
        tokenProgram: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
      },
    });
    return this;
  }

  /** A buy spending `budget` lamports (fees included); returns the tokens it got. */
  buy(atMs: bigint, signer: string, budget: bigint): bigint {
    if (this.venue === 'pumpfun') {
      const q = quoteCurveBuy(this.curve, budget, CURVE_FEES);
      this.curve = q.after;
      this.trade(atMs, signer, 'SIDE_BUY', q.solToCurve, q.tokensOut, q.protocolFee);
      return q.tokensOut;
    }
    const q = quoteAmmBuy(this.pool as PoolReserves, budget, POOL_FEES);
    this.pool = q.after;
    this.trade(atMs, signer, 'SIDE_BUY', q.totalSolIn - q.protocolFee - q.lpFee, q.tokensOut, q.protocolFee);
    return q.tokensOut;
  }

  sell(atMs: bigint, signer: string, tokens: bigint): bigint {
    if (this.venue === 'pumpfun') {
      const q = quoteCurveSell(this.curve, tokens, CURVE_FEES);
      this.curve = q.after;
      this.trade(atMs, signer, 'SIDE_SELL', q.solFromCurve, tokens, q.protocolFee);
      return q.solOut;
    }
    const q = quoteAmmSell(this.pool as PoolReserves, tokens, POOL_FEES);
    this.pool = q.after;
    this.trade(atMs, signer, 'SIDE_SELL', q.solOut + q.protocolFee + q.lpFee, tokens, q.protocolFee);
    return q.solOut;
  }

  /** Emits the bucket of the open minute (at its end). */
  closeMinute(): this {
    if (this.minute !== null && this.trades.length > 0) {
      this.log.push(this.minute + 60_000n, {
        kind: 'featureBucket',
        featureBucket: computeFeatureBucket(this.mint, this.venue, this.minute, this.trades, 0),
      });
    }
    this.minute = null;
    this.trades = [];
    return this;
  }

  flag(atMs: bigint, flag: RiskFlagName, severity: RiskSeverity): this {
    this.log.push(atMs, {
      kind: 'riskFlag',
      riskFlag: { mint: this.mint, flag, severity, value: '1', threshold: '1', detailsJson: '{}' },
    });
    return this;
  }

  /** The curve's SOL and remaining tokens move into a PumpSwap pool (as the migration does, fees aside). */
  migrate(atMs: bigint): this {
    this.closeMinute();
    this.venue = 'pumpswap';
    this.pool = { base: this.curve.realToken + 206_900_000_000_000n, quote: this.curve.realSol };
    const pool = testAddress(`${this.mint}:pool`);
    this.log.push(atMs, {
      kind: 'tokenMigrated',
      tokenMigrated: { mint: this.mint, venue: 'pumpswap', pool, signature: `migrate-${this.mint}` },
    });
    this.log.push(atMs, {
      kind: 'ammSnapshot',
      ammSnapshot: {
        mint: this.mint,
        pool,
        venue: 'pumpswap',
        baseReserve: this.pool.base.toString(),
        quoteReserve: this.pool.quote.toString(),
        impliedPriceSol: '0',
        lpSupply: '0',
      },
    });
    return this;
  }

  private trade(
    atMs: bigint,
    signer: string,
    side: 'SIDE_BUY' | 'SIDE_SELL',
    sol: bigint,
    tokens: bigint,
    fee: bigint,
  ): void {
    const minute = minuteStartOf(atMs);
    if (this.minute !== null && minute !== this.minute) this.closeMinute();
    this.minute = minute;
    this.trades.push({
      signer: testAddress(signer),
      side: side === 'SIDE_BUY' ? 'buy' : 'sell',
      solAmount: sol,
    });
    this.count += 1;
    const onCurve = this.venue === 'pumpfun';
    const pool = this.pool ?? { base: 0n, quote: 0n };
    this.log.push(atMs, {
      kind: 'tradeObserved',
      tradeObserved: {
        mint: this.mint,
        signature: `${this.mint.slice(0, 8)}-${this.count}`,
        signer: testAddress(signer),
        side,
        venue: this.venue,
        solAmount: sol.toString(),
        tokenAmount: tokens.toString(),
        feeLamports: fee.toString(),
        creatorFeeLamports: '0',
        virtualSolReserves: (onCurve ? this.curve.virtualSol : pool.quote).toString(),
        virtualTokenReserves: (onCurve ? this.curve.virtualToken : pool.base).toString(),
        realSolReserves: (onCurve ? this.curve.realSol : pool.quote).toString(),
        realTokenReserves: (onCurve ? this.curve.realToken : pool.base).toString(),
        eventIndex: 0,
      },
    });
  }
}
