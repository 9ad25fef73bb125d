/**
 * Live mode end to end, on a local Jupiter Swap API and a scripted chain (see support/fake-jupiter.ts): a real
 * recorded pump.fun buy of a live-mode wallet → entry queued → a 429 storm backed off → quote, swap, signed with
 * the key decrypted from the store, sent ONCE → confirmed → the position opens from the landed balances; then a
 * stop-loss whose send dies after reaching the node is looked up, never sent twice; a missing key fails the order
 * with a clear error and opens nothing; live mode without an executor is refused with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRpcTransaction, rpcIndex } from '../support/shared-data.ts';
import { DEFAULT_SYSTEM_CONFIG, mergeSystemConfig } from '../../src/copytrade/config/copytrade-config.ts';
import { createEngineRunner, type EngineRunner } from '../../src/copytrade/engine/copytrade-engine.ts';
import { SYSTEM_SCOPE } from '../../src/copytrade/engine/engine-config.ts';
import { positionIdOf } from '../../src/copytrade/engine/process-signals.ts';
import { createJupiterLiveExecutor } from '../../src/copytrade/live/jupiter-live-executor.ts';
import { createJupiterSwapApi } from '../../src/copytrade/live/jupiter-swap-api.ts';
import { importTradingKey, tradingKeyLoader } from '../../src/copytrade/live/trading-key.ts';
import { recordSignalsFromActions } from '../../src/copytrade/signals/record-signals.ts';
import type { Action } from '../../src/decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { listPositionOrders } from '../../src/store/copytrade/copy-orders.repository.ts';
import { getCopySignal } from '../../src/store/copytrade/copy-signals.repository.ts';
import { insertCopyWallet } from '../../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../src/store/copytrade/testing/watched-wallet.ts';
import { writeConfig } from '../../src/store/copytrade/copytrade-config.repository.ts';
import {
  getPosition,
  listFills,
  listPaperLivePairs,
} from '../../src/store/copytrade/copy-positions.repository.ts';
import { comparePaperLive } from '../../src/copytrade/positions/paper-vs-live.ts';
import { parseFixed } from '../../src/copytrade/strategy/fixed-point.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';
import { engineDeps, recordedSafety, scriptedPriceSource, testClock } from './support/copytrade-harness.ts';
import { fakeChain, newKeypairBytes, startFakeJupiter, type FakeJupiter } from './support/fake-jupiter.ts';

const BUY_SIG = 'ZEu54dZeki5Bgd3e3zFeAY7x6tTVCWSixswoQ6JbMwKRGNATvzCXjZY6Gabs2dukyupPo6s4P9eA3bCaA5w2Fht';
const BUNDLE_SIG = 'JBnrBbgqh9jRUkUD68GdwBWoxWyz8SqEuM4eYqR6cyMMofFD43XQKjWBMHvRanPuzSU9UC8CFBQH1brAmvjxZpA';
const TRADER = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
const MINT = '7nYhDYAxQdFn2DRPcjBFPQQz5qb8HeFiJv9o9w6fpump';
const MASTER = 'a1'.repeat(32);

function decoded(signature: string): { raw: unknown; actions: Action[] } {
  const raw = findRpcTransaction(rpcIndex().find((r) => r.signature === signature)!);
  return { raw, actions: decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions };
}

let database: TestDatabase;
let jupiter: FakeJupiter;
let runner: EngineRunner;
let owner = '';
const clock = testClock(new Date('2025-11-06T00:00:00Z'));
const prices = scriptedPriceSource('jupiter', clock.now);
const chain = fakeChain(() => owner);

const watch = (address: string) =>
  insertCopyWallet(database.db, watchedWallet(address, { mode: 'live' }), clock.now());

beforeAll(async () => {
  [database, jupiter] = await Promise.all([openTestDatabase(), startFakeJupiter()]);
  owner = await importTradingKey(database.db, newKeypairBytes(), MASTER, clock.now());
  await writeConfig(
    database.db,
    SYSTEM_SCOPE,
    mergeSystemConfig(DEFAULT_SYSTEM_CONFIG, {
      paperFill: { sizeImpactFactor: null },
      swaps: { spacingMs: 0, maxAttempts: 10 },
    }),
    clock.now(),
  );
  prices.set(SOL_MINT, '150');
  prices.set(MINT, '0.0001');
  const executor = createJupiterLiveExecutor({
    api: createJupiterSwapApi({ fetch: (url, init) => fetch(url, init), baseUrl: jupiter.url }),
    transport: chain.transport,
    secretKey: tradingKeyLoader(database.db, MASTER),
    nowMs: () => clock.now().getTime(),
    backoffBaseMs: 1_000,
  });
  const deps = engineDeps(
    database,
    clock.now,
    [prices.source],
    recordedSafety(clock.now, new Set()),
    executor,
  );
  runner = createEngineRunner(deps, 'live-test');
});
afterAll(async () => {
  await jupiter.close();
  await database.dispose();
});

async function tick(ms: number): Promise<void> {
  clock.advance(ms);
  await runner.round();
}

describe('live mode', () => {
  const positionId = positionIdOf(BUY_SIG, TRADER);

  it('entry: 429 storm backed off, then quoted, signed, sent once, confirmed, opened from the landed balances', async () => {
    await watch(TRADER);
    const buy = decoded(BUY_SIG);
    await recordSignalsFromActions(database.db, buy.actions, new Map([[BUY_SIG, buy.raw]]), clock.now());
    // 1,333,333,334 lamports ($200 at $150) buy 1500 units per lamport.
    jupiter.setRate(1500n);
    chain.state.pendingSwap = { mint: MINT, tokensDelta: 2_000_000_001_000n, lamportsDelta: -1_333_333_334n };
    jupiter.rateLimitNext(3);
    await tick(0);
    expect((await getCopySignal(database.db, BUY_SIG, TRADER))?.outcome).toBe('entry_queued');
    // Three 429s: the order waits 1 s, 2 s, 4 s; nothing is sent meanwhile.
    for (const wait of [1_000, 2_000, 4_000]) {
      const [order] = await listPositionOrders(database.db, positionId);
      expect(order).toMatchObject({
        status: 'queued',
        lastError: expect.stringContaining('HTTP 429') as string,
      });
      await tick(wait);
    }
    expect(jupiter.counts.limited).toBe(3);
    expect(chain.sent).toHaveLength(1);
    const [sending] = await listPositionOrders(database.db, positionId);
    expect(sending).toMatchObject({ status: 'sending', kind: 'ENTRY', attempts: 4 });
    expect(sending?.txSignature).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    await tick(2_000);
    const [filled] = await listPositionOrders(database.db, positionId);
    expect(filled?.status).toBe('filled');
    expect(chain.sent).toHaveLength(1);
    const p = (await getPosition(database.db, positionId))!.position;
    expect(p).toMatchObject({ mode: 'live', status: 'open' });
    expect(p.entry).toMatchObject({ source: 'live', qtyRaw: 2_000_000_001_000n, notionalUsd: '200.0000001' });
    const fills = await listFills(database.db, positionId);
    expect(fills.map((f) => [f.seq, f.source])).toEqual([
      [0, 'live'],
      [0, 'paper'],
    ]);
  });

  it('exit: a stop-loss whose send fails after reaching the node is looked up, never sent twice', async () => {
    chain.state.failSendAfterReceipt = true;
    chain.state.pendingSwap = { mint: MINT, tokensDelta: -2_000_000_001_000n, lamportsDelta: 800_000_000n };
    prices.set(MINT, '0.00006');
    await tick(11_000); // the monitor decides STOP_LOSS and queues the sell; the executor signs and sends it
    expect(chain.sent).toHaveLength(2);
    expect((await getPosition(database.db, positionId))!.position.status).toBe('exiting');
    await tick(2_000);
    await tick(2_000);
    expect(chain.sent).toHaveLength(2);
    const p = (await getPosition(database.db, positionId))!.position;
    expect(p.status).toBe('closed');
    expect(p.exitFills.map((e) => [e.reason, e.fill.source, e.fill.qtyRaw])).toEqual([
      ['STOP_LOSS', 'live', 2_000_000_001_000n],
    ]);
    chain.state.failSendAfterReceipt = false;
    // Paper-vs-live per signal: the entry and the exit, each live fill beside the paper fill modelled for it.
    const pairs = await listPaperLivePairs(database.db, 10);
    expect(pairs.map((x) => [x.seq, x.paper.side, x.live.side])).toEqual([
      [1, 'sell', 'sell'],
      [0, 'buy', 'buy'],
    ]);
    const [exit, entry] = comparePaperLive(
      pairs.map((x) => ({ signalId: `${x.positionId}:${x.seq}`, paper: x.paper, live: x.live })),
    );
    // The entry: paper modelled 1 % slippage over $0.0001, live paid $0.0001 per token: live did better.
    expect(entry?.paperPriceUsd).toBe('0.000101');
    expect(parseFixed(entry!.liveWorseByUsd)).toBeLessThan(0n);
    // The exit: live sold 800,000,000 lamports ($120) of 2,000,000.001 tokens, paper at 0.99 × $0.00006.
    expect(exit?.livePriceUsd).toBe('0.00005999999997'); // floor(120 / 2,000,000.001) on the grid
    expect(exit?.paperPriceUsd).toBe('0.0000594');
  });

  it('a missing OOF_COPYTRADE_KEY fails the order with a clear error; nothing is opened or sent', async () => {
    const bundle = decoded(BUNDLE_SIG);
    const wallet = bundle.actions.find((a) => a.kind === 'swap' && a.side === 'buy')!.owner!;
    await watch(wallet);
    const noKey = createJupiterLiveExecutor({
      api: createJupiterSwapApi({ fetch: (url, init) => fetch(url, init), baseUrl: jupiter.url }),
      transport: chain.transport,
      secretKey: tradingKeyLoader(database.db, undefined),
      nowMs: () => clock.now().getTime(),
    });
    const deps = engineDeps(
      database,
      clock.now,
      [prices.source],
      recordedSafety(clock.now, new Set()),
      noKey,
    );
    const other = createEngineRunner(deps, 'no-key');
    const mint = bundle.actions.find((a) => a.owner === wallet && a.kind === 'swap')!.mintOut!;
    prices.set(mint, '0.0001');
    await recordSignalsFromActions(
      database.db,
      bundle.actions,
      new Map([[BUNDLE_SIG, bundle.raw]]),
      clock.now(),
    );
    clock.advance(1_000);
    await other.round();
    const id = positionIdOf(BUNDLE_SIG, wallet);
    const [order] = await listPositionOrders(database.db, id);
    expect(order?.status).toBe('failed');
    expect(order?.lastError).toContain('COPYTRADE_KEY_MISSING');
    expect(order?.lastError).not.toContain(MASTER);
    expect(await getPosition(database.db, id)).toBeNull();
    expect(chain.sent).toHaveLength(2);
  });

  it('live mode with live trading not configured: the signal is an error with the reason, nothing queued', async () => {
    const bundle = decoded(BUNDLE_SIG);
    const buyers = bundle.actions.filter((a) => a.kind === 'swap' && a.side === 'buy').map((a) => a.owner!);
    const wallet = buyers[1]!;
    await watch(wallet);
    const deps = engineDeps(database, clock.now, [prices.source], recordedSafety(clock.now, new Set()), null);
    const other = createEngineRunner(deps, 'no-live');
    // The bundle was recorded before this wallet was watched: deliver it again (a webhook redelivery).
    await recordSignalsFromActions(
      database.db,
      bundle.actions,
      new Map([[BUNDLE_SIG, bundle.raw]]),
      clock.now(),
    );
    await other.round();
    const s = await getCopySignal(database.db, BUNDLE_SIG, wallet);
    expect(s?.outcome).toBe('error');
    expect(s?.reason).toContain('COPYTRADE_LIVE_UNAVAILABLE');
    expect(await listPositionOrders(database.db, positionIdOf(BUNDLE_SIG, wallet))).toEqual([]);
  });
});
