import { describe, expect, test } from 'vitest';
import { DEFAULT_STRATEGY } from '../strategy/strategy-templates.ts';
import { applyPositionEvent } from './position-events.ts';
import { decideSignal, type CopySignal, type SignalContext } from './decide-signal.ts';
import { NOW_MS, quietBreakers, safetyResult, trippedBreakers } from './testing/copy-position-fixtures.ts';

const buy: CopySignal = {
  id: 'sig-buy',
  wallet: 'W1',
  mint: 'MINT',
  side: 'buy',
  atMs: NOW_MS,
  priceUsd: '0.5',
  decimals: 0,
  sourceSell: null,
};

const ctx = (over: Partial<SignalContext> = {}): SignalContext => ({
  wallet: { address: 'W1', active: true, mode: 'simulation', allocation: null, strategy: DEFAULT_STRATEGY },
  safety: safetyResult('MINT'),
  breakers: quietBreakers(),
  positions: [],
  sizing: { capitalUsd: '10000', defaultAllocation: '0.01', minEntryUsd: '10' },
  paperFill: { slippageBps: 100, sizeImpact: null, maxSlippageBps: 500, feeBps: 0, networkFeeLamports: 0n },
  solPriceUsd: '150',
  liquidityUsd: null,
  newPositionId: 'pos-new',
  ...over,
});

function opened(over: Partial<SignalContext> = {}) {
  const d = decideSignal(buy, ctx(over));
  if (d.kind !== 'position_opened') throw new Error(`expected an opened position, got ${d.kind}`);
  return d.position;
}

const sell = (soldRaw: bigint, heldBeforeRaw: bigint): CopySignal => ({
  ...buy,
  id: 'sig-sell',
  side: 'sell',
  sourceSell: { soldRaw, heldBeforeRaw },
});

describe('decideSignal: buys', () => {
  test('a clean buy opens a position of capital × allocation at the paper fill', () => {
    const d = decideSignal(buy, ctx());
    expect(d.kind).toBe('position_opened');
    if (d.kind !== 'position_opened') return;
    // $100 at $0.5 = 200 units, filled at 0.505 (1 % slippage).
    expect(d.position).toMatchObject({
      id: 'pos-new',
      signalId: 'sig-buy',
      status: 'open',
      entryCostUsd: '101',
    });
    expect(d.position.exitState).toMatchObject({ originalQtyRaw: 200n, entryPriceUsd: '0.505' });
  });

  test('an inactive wallet is ignored', () => {
    const w = { ...ctx().wallet, active: false };
    expect(decideSignal(buy, ctx({ wallet: w }))).toEqual({ kind: 'ignored_inactive' });
  });

  test('a second buy of the same mint by the same wallet is a duplicate while the copy holds tokens', () => {
    const held = opened();
    expect(decideSignal({ ...buy, id: 'sig-2' }, ctx({ positions: [held] }))).toEqual({
      kind: 'duplicate',
      positionId: 'pos-new',
    });
    // An errored position with tokens still counts; a closed one does not.
    const failed = applyPositionEvent(held, { type: 'FAILED', reason: 'x', atMs: NOW_MS });
    expect(decideSignal({ ...buy, id: 'sig-2' }, ctx({ positions: [failed] })).kind).toBe('duplicate');
  });

  test('the same signal delivered twice is a duplicate; another wallet on the same mint is not', () => {
    const held = opened();
    const other = { ...held, wallet: 'W2', id: 'pos-w2', signalId: 'sig-w2' };
    expect(decideSignal(buy, ctx({ positions: [{ ...held, wallet: 'W9' }] })).kind).toBe('duplicate');
    expect(decideSignal({ ...buy, id: 'sig-3' }, ctx({ positions: [other] })).kind).toBe('position_opened');
  });

  test("an active breaker of this wallet, or a global one, filters; another wallet's does not", () => {
    const walletTripped = trippedBreakers('W1', 3);
    const d = decideSignal(buy, ctx({ breakers: walletTripped }));
    expect(d.kind).toBe('filtered_breaker');
    if (d.kind === 'filtered_breaker')
      expect(d.breakers.map((b) => [b.kind, b.wallet])).toContainEqual(['CONSECUTIVE_LOSSES', 'W1']);
    expect(decideSignal(buy, ctx({ breakers: trippedBreakers('W2', 3) })).kind).toBe('position_opened');
    expect(decideSignal(buy, ctx({ breakers: trippedBreakers('W2', 5) })).kind).toBe('filtered_breaker');
  });

  test('an untradable token is filtered with its failed checks; no result fails closed', () => {
    const d = decideSignal(buy, ctx({ safety: safetyResult('MINT', ['liquidity', 'age']) }));
    expect(d).toMatchObject({ kind: 'filtered_safety', score: '0.5' });
    if (d.kind === 'filtered_safety') expect(d.failedChecks.map((c) => c.name)).toEqual(['liquidity', 'age']);
    expect(decideSignal(buy, ctx({ safety: null }))).toMatchObject({
      kind: 'filtered_safety',
      failedChecks: [],
    });
    // One failed check of four keeps the score at 0.75 ≥ 0.6: tradable.
    expect(decideSignal(buy, ctx({ safety: safetyResult('MINT', ['age']) })).kind).toBe('position_opened');
  });

  test('an entry under the minimum is filtered by size; a fill over its tolerance by the fill', () => {
    const small = { capitalUsd: '900', defaultAllocation: '0.01', minEntryUsd: '10' };
    expect(decideSignal(buy, ctx({ sizing: small })).kind).toBe('filtered_size');
    const tight = { ...ctx().paperFill, maxSlippageBps: 50 };
    expect(decideSignal(buy, ctx({ paperFill: tight }))).toEqual({
      kind: 'filtered_fill',
      reason: 'SLIPPAGE_EXCEEDED',
      slippageBps: '100',
    });
  });

  test('live mode queues the entry swap with the paper fill as its shadow', () => {
    const w = { ...ctx().wallet, mode: 'live' as const, allocation: '0.02' };
    const d = decideSignal(buy, ctx({ wallet: w }));
    expect(d).toMatchObject({
      kind: 'entry_queued',
      swap: { id: 'entry:pos-new', kind: 'ENTRY', payload: { qtyRaw: 400n, quotePriceUsd: '0.5' } },
      paperFill: { priceUsd: '0.505', qtyRaw: 400n },
    });
  });

  test('context for another wallet or mint is a caller bug', () => {
    expect(() => decideSignal(buy, ctx({ safety: safetyResult('OTHER') }))).toThrow(
      expect.objectContaining({ code: 'SIGNAL_CONTEXT_INVALID' }),
    );
    expect(() => decideSignal({ ...buy, wallet: 'W2' }, ctx())).toThrow(
      expect.objectContaining({ code: 'SIGNAL_CONTEXT_INVALID' }),
    );
  });
});

describe('decideSignal: source sells', () => {
  test('a sell of a held mint mirrors proportionally, even with every breaker active and the wallet paused', () => {
    const held = opened();
    const w = { ...ctx().wallet, active: false };
    const d = decideSignal(
      sell(25n, 100n),
      ctx({ positions: [held], breakers: trippedBreakers('W1', 5), wallet: w }),
    );
    expect(d).toMatchObject({
      kind: 'mirror_exit',
      exits: [
        {
          positionId: 'pos-new',
          decision: { reason: 'MIRROR_EXIT', qtyRaw: 50n, sourceSoldFraction: '0.25' },
        },
      ],
      deferred: [],
    });
  });

  test('nothing held, mirror off, or a sell already in flight', () => {
    expect(decideSignal(sell(1n, 2n), ctx())).toEqual({ kind: 'ignored_no_exit', reason: 'NOT_HELD' });
    const off = opened({ strategyOverrides: { mirrorExit: 'off' } });
    expect(decideSignal(sell(1n, 2n), ctx({ positions: [off] }))).toEqual({
      kind: 'ignored_no_exit',
      reason: 'NO_MIRROR_EXIT',
    });
    const held = opened();
    const d0 = decideSignal(sell(1n, 2n), ctx({ positions: [held] }));
    if (d0.kind !== 'mirror_exit' || !d0.exits[0]) throw new Error('expected a mirror exit');
    const exiting = applyPositionEvent(held, {
      type: 'EXIT_STARTED',
      decision: d0.exits[0].decision,
      atMs: NOW_MS,
    });
    expect(decideSignal(sell(1n, 2n), ctx({ positions: [exiting] }))).toEqual({
      kind: 'mirror_exit',
      exits: [],
      deferred: ['pos-new'],
    });
  });
});
