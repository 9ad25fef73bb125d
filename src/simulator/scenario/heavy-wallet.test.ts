import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { SHARED_DATA } from '../../../test/support/shared-data.ts';
import { heavyWalletScenario, readHeavyWalletCloses, unitsText } from './heavy-wallet.ts';
import { ScenarioChain } from './scenario-chain.ts';
import { HOURLY_CLOSES_DIR } from './write-scenario-archive.ts';

const SOL = 'So11111111111111111111111111111111111111112';
const hasCloses = existsSync(join(SHARED_DATA, HOURLY_CLOSES_DIR, 'SOLUSDT.csv'));

describe('unitsText', () => {
  it('writes base units as whole tokens without trailing zeros', () => {
    expect(unitsText(1_500_000n, 6)).toBe('1.5');
    expect(unitsText(7n, 9)).toBe('0.000000007');
    expect(unitsText(42_000n, 3)).toBe('42');
  });
});

describe.runIf(hasCloses)('heavy wallet scenario', () => {
  const closes = hasCloses ? readHeavyWalletCloses(SHARED_DATA) : new Map();

  it('is the same for the same seed and differs for another seed', () => {
    const a = heavyWalletScenario(closes, { events: 500, seed: 's1' });
    expect(heavyWalletScenario(closes, { events: 500, seed: 's1' })).toEqual(a);
    expect(heavyWalletScenario(closes, { events: 500, seed: 's2' }).events).not.toEqual(a.events);
  });

  it('has exactly the requested events, in time order, with every kind and re-entries', () => {
    const s = heavyWalletScenario(closes, { events: 3_000 });
    expect(s.events).toHaveLength(3_000);
    expect(s.events.map((e) => e.n)).toEqual(s.events.map((_, i) => i + 1));
    for (let i = 1; i < s.events.length; i += 1) {
      expect(Date.parse(s.events[i]!.at)).toBeGreaterThan(Date.parse(s.events[i - 1]!.at));
    }
    const kinds = new Set(s.events.map((e) => e.kind));
    for (const k of ['buy', 'sell', 'transfer', 'airdrop', 'sol_in', 'sol_out', 'usdc_in', 'usdc_out_all']) {
      expect(kinds, k).toContain(k);
    }
    const tokens = new Set(s.events.flatMap((e) => ('token' in e ? [e.token] : [])));
    expect([...tokens].sort()).toEqual(['ACT', 'BONK', 'JTO', 'PYTH', 'RAY', 'W', 'WIF']);
    expect(new Set(s.events.flatMap((e) => ('quote' in e ? [e.quote] : [])))).toEqual(
      new Set(['USDC', 'SOL']),
    );
  });

  it('decodes every transaction into exactly the intended action of the wallet', () => {
    const s = heavyWalletScenario(closes, { events: 1_500, seed: 'decode' });
    const chain = new ScenarioChain(s, closes);
    const main = chain.wallets.main;
    let swaps = 0;
    let reentries = 0;
    const exposure = new Map<string, bigint>();
    for (const e of s.events) {
      const t = chain.run(e);
      const d = decodeTransaction(parseRpcTransaction(JSON.parse(JSON.stringify(t.result)) as unknown));
      const mine = d.actions.filter((a) => a.owner === main && a.kind !== 'fee');
      const n = `event ${e.n} (${e.kind})`;
      expect(mine, n).toHaveLength(1);
      const a = mine[0]!;
      expect([a.mintIn, a.amountIn, a.mintOut, a.amountOut], n).toEqual([
        t.mintIn,
        t.amountIn,
        t.mintOut,
        t.amountOut,
      ]);
      const fees = d.actions.filter((x) => x.owner === main && x.kind === 'fee');
      const paysFee =
        !['sol_in', 'usdc_in', 'airdrop'].includes(e.kind) && !(e.kind === 'transfer' && t.mintOut !== null);
      expect(
        fees.map((f) => [f.mintIn, f.amountIn]),
        n,
      ).toEqual(paysFee ? [[SOL, 5000n]] : []);
      if (a.kind === 'swap') {
        swaps += 1;
        expect(a.side, n).toBe(e.kind);
        const mint = e.kind === 'buy' ? t.mintOut! : t.mintIn!;
        const before = exposure.get(mint) ?? 0n;
        if (e.kind === 'buy' && before === 0n && exposure.has(mint)) reentries += 1;
        exposure.set(mint, before + (e.kind === 'buy' ? t.amountOut! : -t.amountIn!));
      } else if (e.kind === 'airdrop' || e.kind === 'transfer') {
        const mint = (t.mintOut ?? t.mintIn)!;
        exposure.set(mint, (exposure.get(mint) ?? 0n) + (t.mintOut !== null ? t.amountOut! : -t.amountIn!));
      }
    }
    expect(swaps).toBeGreaterThan(1_000);
    expect(reentries).toBeGreaterThan(10);
  });
});
