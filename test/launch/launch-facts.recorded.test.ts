import { describe, expect, it } from 'vitest';
import {
  loadRecordedTransaction,
  recordedTransactionPaths,
} from '../../src/decoder/events/recorded-data.fixture.ts';
import { applyBuy, applySell, buyCost, sellProceeds } from '../../src/launch/curve/bonding-curve-math.ts';
import { poolBuy } from '../../src/launch/curve/pool-math.ts';
import {
  launchFactsOf,
  type LaunchMintLookup,
  type PoolMintLookup,
  type TradeFact,
} from '../../src/launch/pipeline/launch-facts.ts';

// Real mainnet Pump.fun and PumpSwap transactions of ../shared/data (see its SOURCES.md), read in place.
const none: { poolMint: PoolMintLookup; isLaunchMint: LaunchMintLookup } = {
  poolMint: () => undefined,
  isLaunchMint: () => false,
};
const facts = (path: string, lookups = none) => launchFactsOf(loadRecordedTransaction(path), lookups);

const curveBefore = (t: TradeFact) => {
  const sign = t.side === 'buy' ? 1n : -1n;
  return {
    virtualSol: t.virtualSolReserves - sign * t.solAmount,
    virtualToken: t.virtualTokenReserves + sign * t.tokenAmount,
    realSol: t.realSolReserves - sign * t.solAmount,
    realToken: t.realTokenReserves + sign * t.tokenAmount,
    complete: false,
  };
};

describe('launch facts of recorded Pump.fun transactions', () => {
  it('reads a create: mint, creator, metadata, curve, instruction, and the creator buy in the same slot', () => {
    const f = facts('0xjeffro-tx-parser/solana/data/pumpfun_create_0.json');
    expect(f.launches).toEqual([
      expect.objectContaining({
        mint: '5dNYcCZXEGfGgbdUdq7MMR7KLsNJLLLgL83wLH8Fpump',
        instruction: 'create',
        tokenProgram: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
        tokenTotalSupply: 1_000_000_000_000_000n,
      }),
    ]);
    const [launch] = f.launches;
    expect(launch?.name.length).toBeGreaterThan(0);
    expect(launch?.bondingCurve).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(f.trades).toHaveLength(1);
    expect(f.trades[0]).toMatchObject({
      side: 'buy',
      solAmount: 1_000_000_000n,
      tokenAmount: 34_612_903_225_806n,
    });
    expect(f.trades[0]?.signer).toBe(launch?.creator);
    expect(f.tEventMs).toBe(1_727_637_145_000n);
  });

  it('curve math reproduces the price of every recorded TradeEvent, fees apart, from the reserves it reports', () => {
    const trades = recordedTransactionPaths(['pumpfun']).flatMap((p) =>
      facts(p).trades.filter((t) => t.venue === 'pumpfun'),
    );
    expect(trades.length).toBeGreaterThanOrEqual(15);
    for (const t of trades) {
      const before = curveBefore(t);
      const price = t.side === 'buy' ? buyCost(before, t.tokenAmount) : sellProceeds(before, t.tokenAmount);
      expect(price).toBe(t.solAmount);
    }
  });

  it('chains the reserves of a bundle: each buy starts where the previous one left the curve', () => {
    const f = facts('0xjeffro-tx-parser/solana/data/pumpfun_buy_bundle.json');
    expect(f.trades.map((t) => t.eventIndex)).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < f.trades.length; i++) {
      const prev = f.trades[i - 1] as TradeFact;
      const t = f.trades[i] as TradeFact;
      const start = {
        virtualSol: prev.virtualSolReserves,
        virtualToken: prev.virtualTokenReserves,
        realSol: prev.realSolReserves,
        realToken: prev.realTokenReserves,
        complete: false,
      };
      const after = applyBuy(start, t.tokenAmount, buyCost(start, t.tokenAmount));
      expect([after.virtualSol, after.virtualToken, after.realSol, after.realToken]).toEqual([
        t.virtualSolReserves,
        t.virtualTokenReserves,
        t.realSolReserves,
        t.realTokenReserves,
      ]);
    }
  });

  it('reads the May 2025 protocol and creator fees of a trade', () => {
    const [sell] = facts('jiangxiaop-solana-swap-scan/test/pumpfun/pumpfun-trade.json').trades;
    expect(sell).toMatchObject({ side: 'sell', feeLamports: 595_050n, creatorFeeLamports: 31_319n });
    // 95 and 5 basis points of the SOL amount, rounded up by the program.
    const sol = sell?.solAmount ?? 0n;
    expect(sell?.feeLamports).toBe((sol * 95n + 9_999n) / 10_000n);
    expect(sell?.creatorFeeLamports).toBe((sol * 5n + 9_999n) / 10_000n);
    expect(applySell(curveBefore(sell as TradeFact), sell?.tokenAmount ?? 0n, sol).virtualSol).toBe(
      sell?.virtualSolReserves,
    );
  });

  it('reads a migration to PumpSwap: completion, pool creation with its reserves, and the pool trades', () => {
    const f = facts('jiangxiaop-solana-swap-scan/test/pumpswap/pumpswap-create.json');
    const mint = 'npB9cxTzwUiGt7jk2dXZa52xZve8SgVD6Et9Bpipump';
    const pool = 'Ef7wUrbarRXHNMMgBs8cstSkzRttnstjMsniaq7zMp6j';
    expect(f.migrations).toEqual([{ mint, venue: 'pumpswap', pool }]);
    expect(f.pools).toEqual([
      {
        mint,
        pool,
        venue: 'pumpswap',
        baseReserve: 206_900_000_000_001n,
        quoteReserve: 84_990_359_420n,
        lpSupply: 4_193_388_291_584n,
      },
    ]);
    // The buy in the same transaction is on the new pool (known from its CreatePoolEvent), priced by pool math.
    const [buy] = f.trades;
    expect(buy).toMatchObject({ mint, venue: 'pumpswap', side: 'buy', pool });
    const quote = poolBuy(206_900_000_000_001n, 84_990_359_420n, buy?.tokenAmount ?? 0n);
    expect(quote.quoteAmountIn).toBe(buy?.solAmount);
    expect(buy?.virtualTokenReserves).toBe(206_900_000_000_001n - (buy?.tokenAmount ?? 0n));
  });

  it('reads PumpSwap trades of pools it knows, and ignores pools of other tokens', () => {
    const path = 'jiangxiaop-solana-swap-scan/test/pumpswap/pumpswap-sell.json';
    expect(facts(path).trades).toEqual([]);
    const known = facts(path, { poolMint: () => 'MINT', isLaunchMint: () => true });
    expect(known.trades).toEqual([
      expect.objectContaining({ mint: 'MINT', venue: 'pumpswap', side: 'sell', solAmount: 2_073_260_496n }),
    ]);
  });
});
