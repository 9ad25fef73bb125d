/**
 * Copy-trading replay scenarios (issue "Copy trading", "Proven by"): swaps of a market written by the project's
 * simulator, delivered to the signal recorder exactly as the webhook worker does, decided and exited by the
 * engine on a real database (PGlite, or Postgres with DATABASE_URL), paper mode, the price path scripted.
 * Token safety is the real scorer over the recorded RugCheck / DexScreener data of ../shared/data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_CONFIG, mergeSystemConfig } from '../../src/copytrade/config/copytrade-config.ts';
import { createEngineRunner, type EngineRunner } from '../../src/copytrade/engine/copytrade-engine.ts';
import { SYSTEM_SCOPE } from '../../src/copytrade/engine/engine-config.ts';
import { positionIdOf } from '../../src/copytrade/engine/process-signals.ts';
import { recordSignalsFromActions } from '../../src/copytrade/signals/record-signals.ts';
import { formatFixed, parseFixed } from '../../src/copytrade/strategy/fixed-point.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { getCopySignal } from '../../src/store/copytrade/copy-signals.repository.ts';
import { insertCopyWallet } from '../../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../src/store/copytrade/testing/watched-wallet.ts';
import { listSafetyScores } from '../../src/store/copytrade/copy-performance.repository.ts';
import { getPosition, listFills } from '../../src/store/copytrade/copy-positions.repository.ts';
import { listAllBreakerEvents } from '../../src/store/copytrade/copytrade-state.repository.ts';
import { writeConfig } from '../../src/store/copytrade/copytrade-config.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';
import {
  engineDeps,
  recordedSafety,
  scriptedPriceSource,
  simulatedMarket,
  testClock,
  type SimulatedMarket,
  type SimulatedTx,
} from './support/copytrade-harness.ts';

/** SPEC §4 sets no number; ours: a paper decision within 2 s of the signal's receipt. */
const LATENCY_BUDGET_MS = 2_000;
const BASE_PRICE = '0.0001';

let database: TestDatabase;
let market: SimulatedMarket;
let runner: EngineRunner;
const clock = testClock(new Date('2025-11-06T00:00:00Z'));
const primary = scriptedPriceSource('jupiter', clock.now);
const fallback = scriptedPriceSource('dexscreener', clock.now);
const used = new Set<string>();
let unsafeMint: string;
let unknownMint: string;
let safeMints: string[];
let deps: ReturnType<typeof engineDeps>;

beforeAll(async () => {
  [database, market] = await Promise.all([
    openTestDatabase(),
    simulatedMarket({ seed: 'copytrade-scenarios', wallets: 24, tokens: 5, days: 0.5, transactions: 400 }),
  ]);
  unsafeMint = market.mints[market.mints.length - 1]!;
  // Never priced by any source: the "unknown mint".
  unknownMint = market.mints[market.mints.length - 2]!;
  safeMints = market.mints.slice(0, -2);
  deps = engineDeps(
    database,
    clock.now,
    [primary.source, fallback.source],
    recordedSafety(clock.now, new Set([unsafeMint])),
  );
  runner = createEngineRunner(deps, 'scenario-test');
  // Paper fills without size impact, so every expected number below is exact by hand; the book's breaker
  // stops after 3 losses in a row (a runtime change of the stored config, read by the next round).
  const config = mergeSystemConfig(DEFAULT_SYSTEM_CONFIG, {
    paperFill: { sizeImpactFactor: null },
    breakers: {
      global: { ...DEFAULT_SYSTEM_CONFIG.breakers.global, maxConsecutiveLosses: { count: 3 } },
    },
  });
  await writeConfig(database.db, SYSTEM_SCOPE, config, clock.now());
  primary.set(SOL_MINT, '150');
  for (const m of [...safeMints, unsafeMint]) primary.set(m, BASE_PRICE);
}, 30_000);
afterAll(() => database.dispose());

/** The first unused transaction whose swap matches; it is used by no other scenario. */
function pick(pred: (tx: SimulatedTx, index: number) => boolean): SimulatedTx {
  const i = market.txs.findIndex(
    (tx, idx) => !used.has(tx.signature) && tx.swaps.length === 1 && pred(tx, idx),
  );
  const tx = market.txs[i];
  if (tx === undefined) throw new Error('the simulated market has no transaction for this scenario');
  used.add(tx.signature);
  return tx;
}
const swap = (tx: SimulatedTx) => tx.swaps[0]!;

async function watch(address: string, template = 'default'): Promise<void> {
  await insertCopyWallet(
    database.db,
    watchedWallet(address, { strategyTemplate: template, discoverySource: 'oof simulate' }),
    clock.now(),
  );
}

/** The webhook worker's step: the decoded swaps of one delivered transaction become signals. */
const deliver = (tx: SimulatedTx) =>
  recordSignalsFromActions(database.db, tx.actions, new Map([[tx.signature, tx.raw]]), clock.now());

/** Time passes (past every poll interval), then one engine round. */
async function tick(ms = 11_000): Promise<void> {
  clock.advance(ms);
  await runner.round();
}

const signalOf = async (tx: SimulatedTx) =>
  (await getCopySignal(database.db, tx.signature, swap(tx).wallet))!;

/** The position's realized PnL recomputed from its stored fills: Σ sells (notional − fees) − entry cost. */
async function pnlFromFills(positionId: string): Promise<string> {
  const fills = (await listFills(database.db, positionId)).filter((f) => f.source === 'paper');
  let total = 0n;
  for (const f of fills) {
    const value = parseFixed(f.notionalUsd);
    const fees = parseFixed(f.feesUsd);
    total += f.side === 'sell' ? value - fees : -(value + fees);
  }
  return formatFixed(total);
}

const price = (x: string): string => formatFixed((parseFixed(BASE_PRICE) * parseFixed(x)) / 10n ** 18n);

describe('copy-trading replay scenarios (paper mode)', () => {
  let victimTx: SimulatedTx; // V: opened early, its source sells while the breaker is active
  let victimMint: string;

  it('an unsafe token (mint authority live, thin liquidity) is filtered with its reasons, the score stored', async () => {
    const tx = pick((t) => swap(t).side === 'buy' && swap(t).mint === unsafeMint);
    await watch(swap(tx).wallet);
    await deliver(tx);
    await tick();
    const s = await signalOf(tx);
    expect(s.outcome).toBe('filtered_safety');
    expect(s.reason).toMatch(/score 0\.5/);
    expect(s.reason).toMatch(/liquidity: .*1200/);
    expect(s.reason).toMatch(/contract: .*mint authority/i);
    const [score] = await listSafetyScores(database.db, unsafeMint);
    expect(score?.score).toMatch(/^0\.5/);
    expect(score?.tradable).toBe(false);
    expect((score!.checks as { name: string; passed: boolean }[]).map((c) => [c.name, c.passed])).toEqual([
      ['liquidity', false],
      ['holders', true],
      ['contract', false],
      ['age', true],
    ]);
  });

  it('a watched wallet buys → a paper position opens within the latency budget, sized and filled exactly', async () => {
    victimTx = pick((t, i) => {
      const s = swap(t);
      if (s.side !== 'buy' || !safeMints.includes(s.mint)) return false;
      return market.txs.some(
        (later, j) =>
          j > i && later.swaps.some((x) => x.wallet === s.wallet && x.mint === s.mint && x.side === 'sell'),
      );
    });
    const v = swap(victimTx);
    victimMint = v.mint;
    await watch(v.wallet);
    const received = clock.now().getTime();
    const recorded = await deliver(victimTx);
    expect(recorded.recorded).toEqual([
      { signature: victimTx.signature, wallet: v.wallet, outcome: 'pending' },
    ]);
    await runner.round();
    const s = await signalOf(victimTx);
    expect(s.outcome).toBe('position_opened');
    expect(s.decisionMs).not.toBeNull();
    expect(s.decisionMs!).toBeLessThan(LATENCY_BUDGET_MS);
    expect(clock.now().getTime() - received).toBeLessThan(LATENCY_BUDGET_MS);
    expect(typeof s.timings?.decideMs).toBe('number');
    expect(typeof s.timings?.safetyMs).toBe('number');
    const stored = (await getPosition(database.db, positionIdOf(victimTx.signature, v.wallet)))!;
    const p = stored.position;
    // $10,000 × 2 % = $200 at $0.0001 = 2,000,000 tokens of 6 decimals; bought 1 % above the quote.
    expect(p).toMatchObject({ status: 'open', mode: 'simulation', wallet: v.wallet, mint: v.mint });
    expect(p.entry.qtyRaw).toBe(2_000_000_000_000n);
    expect(p.entry.priceUsd).toBe('0.000101');
    expect(p.entry.notionalUsd).toBe('202');
    // Fees: 25 bps of $202 = $0.505, plus 105,000 lamports at $150 = $0.01575.
    expect(p.entry.feesUsd).toBe('0.52075');
    expect(p.entryCostUsd).toBe('202.52075');
    // Re-delivery of the same transaction: recorded once, no second position.
    expect((await deliver(victimTx)).recorded[0]?.outcome).toBe('duplicate');
  });

  it('three stop-losses in a row: each exit at the right price and PnL; then the breaker blocks the next entry', async () => {
    const loser = pick(
      (t) => swap(t).side === 'buy' && safeMints.includes(swap(t).mint) && swap(t).mint !== victimMint,
    );
    const w = swap(loser).wallet;
    await watch(w);
    const buys = [loser];
    while (buys.length < 3) {
      buys.push(
        pick(
          (t) =>
            swap(t).wallet === w &&
            swap(t).side === 'buy' &&
            safeMints.includes(swap(t).mint) &&
            swap(t).mint !== victimMint,
        ),
      );
    }
    for (const tx of buys) {
      const mint = swap(tx).mint;
      primary.set(mint, BASE_PRICE);
      await deliver(tx);
      await tick();
      expect((await signalOf(tx)).outcome).toBe('position_opened');
      // −35 %: below the default stop (entry × 0.7).
      primary.set(mint, price('0.65'));
      await tick();
      const p = (await getPosition(database.db, positionIdOf(tx.signature, w)))!.position;
      expect(p.status).toBe('closed');
      expect(p.exitFills.map((e) => e.reason)).toEqual(['STOP_LOSS']);
      // Sold 1 % under the quote: 0.000065 × 0.99.
      expect(p.exitFills[0]!.fill.priceUsd).toBe('0.00006435');
      // 2e12 units × 0.00006435 = 128.7; fees 0.32175 + 0.01575; PnL = 128.7 − 0.3375 − 202.52075.
      expect(p.realizedPnlUsd).toBe('-74.15825');
      expect(await pnlFromFills(p.id)).toBe(p.realizedPnlUsd);
      primary.set(mint, BASE_PRICE);
    }
    const events = await listAllBreakerEvents(database.db);
    expect(events.map((e) => [e.type, e.kind, e.wallet, e.metric, e.threshold])).toEqual(
      expect.arrayContaining([
        ['BREAKER_ACTIVATED', 'CONSECUTIVE_LOSSES', null, '3', '3'],
        ['BREAKER_ACTIVATED', 'CONSECUTIVE_LOSSES', w, '3', '3'],
      ]),
    );
    const next = pick(
      (t) =>
        swap(t).side === 'buy' &&
        swap(t).wallet !== w &&
        swap(t).wallet !== swap(victimTx).wallet &&
        safeMints.includes(swap(t).mint) &&
        swap(t).mint !== victimMint,
    );
    await watch(swap(next).wallet);
    await deliver(next);
    await tick();
    const blocked = await signalOf(next);
    expect(blocked.outcome).toBe('filtered_breaker');
    expect(blocked.reason).toMatch(/CONSECUTIVE_LOSSES \(global\) 3 vs 3/);
  });

  it('the source wallet sells while the breaker is active → mirror exit first, exits continue', async () => {
    const v = swap(victimTx);
    const sell = pick(
      (t) => swap(t).wallet === v.wallet && swap(t).mint === v.mint && swap(t).side === 'sell',
    );
    // The price is also under V's stop: mirror-exit outranks it.
    primary.set(v.mint, price('0.6'));
    await deliver(sell);
    await tick();
    const s = await signalOf(sell);
    expect(s.outcome).toBe('mirror_exit');
    const p = (await getPosition(database.db, positionIdOf(victimTx.signature, v.wallet)))!.position;
    expect(p.exitFills[0]!.reason).toBe('MIRROR_EXIT');
    // Proportional: the share of its holding the source sold, read from the transaction's balances.
    const pre = (
      sell.raw as {
        meta: { preTokenBalances: { owner: string; mint: string; uiTokenAmount: { amount: string } }[] };
      }
    ).meta.preTokenBalances
      .filter((b) => b.owner === v.wallet && b.mint === v.mint)
      .reduce((a, b) => a + BigInt(b.uiTokenAmount.amount), 0n);
    const sold = swap(sell).amountRaw;
    const expected = sold >= pre ? p.entry.qtyRaw : (p.entry.qtyRaw * sold) / pre;
    expect(p.exitFills[0]!.fill.qtyRaw).toBe(expected);
    // Whatever was left goes at the stop in the same round (the monitor runs after the signals).
    expect(p.status).toBe('closed');
    if (expected < p.entry.qtyRaw) expect(p.exitFills[1]!.reason).toBe('STOP_LOSS');
    expect(await pnlFromFills(p.id)).toBe(p.realizedPnlUsd);
  });

  it('breakers release once the losses age out of the 24 h lookback, with deactivation events', async () => {
    await tick(25 * 3_600_000);
    const events = await listAllBreakerEvents(database.db);
    expect(events.filter((e) => e.type === 'BREAKER_DEACTIVATED').map((e) => e.kind)).toContain(
      'CONSECUTIVE_LOSSES',
    );
  });

  it('price path 2× → 3× → pull-back: two ladder levels then the trailing stop, quantities and PnL exact', async () => {
    const tx = pick(
      (t) => swap(t).side === 'buy' && safeMints.includes(swap(t).mint) && swap(t).mint !== victimMint,
    );
    const { wallet, mint } = swap(tx);
    await watch(wallet);
    primary.set(mint, BASE_PRICE);
    await deliver(tx);
    await tick();
    const id = positionIdOf(tx.signature, wallet);
    primary.set(mint, price('2.03')); // entry 0.000101 × 2 = 0.000202
    await tick();
    primary.set(mint, price('3.04')); // × 3 = 0.000303
    await tick();
    primary.set(mint, price('2.2')); // under the trailing level 0.000304 × 0.75 = 0.000228
    await tick();
    const p = (await getPosition(database.db, id))!.position;
    expect(p.status).toBe('closed');
    expect(p.exitFills.map((e) => [e.reason, e.fill.qtyRaw])).toEqual([
      ['SCALE_OUT', 1_000_000_000_000n],
      ['SCALE_OUT', 500_000_000_000n],
      ['TRAILING_STOP', 500_000_000_000n],
    ]);
    expect(p.exitState.peakPriceUsd).toBe('0.000304');
    expect(p.exitFills.map((e) => e.fill.priceUsd)).toEqual(['0.00020097', '0.00030096', '0.0002178']);
    expect(await pnlFromFills(id)).toBe(p.realizedPnlUsd);
    expect(parseFixed(p.realizedPnlUsd)).toBeGreaterThan(0n);
  });

  it('the conservative template: a jump to 4× takes profit on everything (take-profit outranks the ladder)', async () => {
    const tx = pick(
      (t) => swap(t).side === 'buy' && safeMints.includes(swap(t).mint) && swap(t).mint !== victimMint,
    );
    const { wallet, mint } = swap(tx);
    await watch(wallet, 'conservative');
    primary.set(mint, BASE_PRICE);
    await deliver(tx);
    await tick();
    primary.set(mint, price('4.1'));
    await tick();
    const p = (await getPosition(database.db, positionIdOf(tx.signature, wallet)))!.position;
    expect(p.exitFills.map((e) => [e.reason, e.fill.qtyRaw])).toEqual([['TAKE_PROFIT', 2_000_000_000_000n]]);
    expect(p.status).toBe('closed');
    expect(await pnlFromFills(p.id)).toBe(p.realizedPnlUsd);
  });

  it('price sources down: no exit on a stale price; the fallback source takes over; health counts failures', async () => {
    const tx = pick(
      (t) => swap(t).side === 'buy' && safeMints.includes(swap(t).mint) && swap(t).mint !== victimMint,
    );
    const { wallet, mint } = swap(tx);
    await watch(wallet);
    primary.set(mint, BASE_PRICE);
    await deliver(tx);
    await tick();
    const id = positionIdOf(tx.signature, wallet);
    primary.state.down = true;
    await tick(31_000); // the last good price is now older than the 30 s limit
    expect(runner.monitor.stale.has(mint)).toBe(true);
    expect((await getPosition(database.db, id))!.position.status).toBe('open');
    fallback.set(SOL_MINT, '150');
    fallback.set(mint, price('0.5'));
    await tick();
    const p = (await getPosition(database.db, id))!.position;
    expect(p.exitFills.map((e) => e.reason)).toEqual(['STOP_LOSS']);
    const health = new Map(deps.prices.health().map((h) => [h.name, h]));
    expect(health.get('jupiter')).toMatchObject({
      consecutiveFailures: 2,
      lastError: 'jupiter answered HTTP 503',
    });
    expect(health.get('dexscreener')?.consecutiveFailures).toBe(0);
    primary.state.down = false;
  });

  it('a buy of a mint no source prices is recorded as an error with the reason, nothing opened', async () => {
    const tx = pick((t) => swap(t).side === 'buy' && swap(t).mint === unknownMint);
    const { wallet } = swap(tx);
    await watch(wallet);
    await deliver(tx);
    await tick();
    const s = await signalOf(tx);
    expect(s.outcome).toBe('error');
    expect(s.reason).toContain(`no price for ${unknownMint}`);
    expect(await getPosition(database.db, positionIdOf(tx.signature, wallet))).toBeNull();
  });
});
