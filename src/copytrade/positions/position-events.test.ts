import { describe, expect, test } from 'vitest';
import { evaluateExits } from '../strategy/evaluate-exits.ts';
import { DEFAULT_STRATEGY } from '../strategy/strategy-templates.ts';
import { openCopyPosition, type CopyPosition, type PositionStatus } from './copy-position.ts';
import { ALLOWED_EVENTS, applyPositionEvent, type PositionEvent } from './position-events.ts';
import { positionPnl, toClosedTrade } from './position-pnl.ts';
import { fill } from './testing/copy-position-fixtures.ts';

// 1 000 units (0 decimals) at $1 with $2 of fees: cost basis $1 002.
const open = (): CopyPosition =>
  openCopyPosition({
    id: 'pos-1',
    signalId: 'sig-1',
    wallet: 'W',
    mint: 'M',
    decimals: 0,
    mode: 'simulation',
    entry: fill('buy', 1000n, '1', '1000', '2', 10),
    walletStrategy: DEFAULT_STRATEGY,
  });

function exitAt(p: CopyPosition, price: string, atMs: number): CopyPosition {
  const d = evaluateExits(p.exitState, price, atMs);
  if (d === null) throw new Error(`no exit at ${price}`);
  return applyPositionEvent(p, { type: 'EXIT_STARTED', decision: d, atMs });
}

describe('position state machine', () => {
  test('a scale-out partial exit, then a full exit: sizes, basis and realized PnL exact', () => {
    let p = exitAt(open(), '2', 20); // ladder: 50 % at 2×
    expect(p.status).toBe('exiting');
    expect(p.pendingExit).toMatchObject({ reason: 'SCALE_OUT', qtyRaw: 500n });
    p = applyPositionEvent(p, {
      type: 'EXIT_FILLED',
      fill: fill('sell', 500n, '2', '1000', '1', 21),
      atMs: 21,
    });
    expect(p).toMatchObject({
      status: 'open',
      remainingCostUsd: '501',
      realizedPnlUsd: '498',
      pendingExit: null,
    });
    expect(p.exitState).toMatchObject({ remainingQtyRaw: 500n, ladderLevelsHit: [0] });
    expect(p.exitFills[0]).toMatchObject({ proceedsUsd: '999', costBasisUsd: '501', realizedPnlUsd: '498' });
    expect(positionPnl(p, '2')).toEqual({
      realizedPnlUsd: '498',
      unrealizedPnlUsd: '499',
      totalPnlUsd: '997',
      markValueUsd: '1000',
    });

    p = exitAt(p, '0.5', 30); // stop-loss at 0.7
    expect(p.pendingExit).toMatchObject({ reason: 'STOP_LOSS', qtyRaw: 500n });
    p = applyPositionEvent(p, {
      type: 'EXIT_FILLED',
      fill: fill('sell', 500n, '0.5', '250', '1', 31),
      atMs: 31,
    });
    expect(p).toMatchObject({
      status: 'closed',
      closedAtMs: 31,
      remainingCostUsd: '0',
      realizedPnlUsd: '246',
    });
    expect(toClosedTrade(p)).toEqual({
      positionId: 'pos-1',
      wallet: 'W',
      closedAtMs: 31,
      realizedPnlUsd: '246',
    });
  });

  test('a partial fill of a decision sells what filled and returns to open', () => {
    let p = exitAt(open(), '0.6', 20);
    p = applyPositionEvent(p, {
      type: 'EXIT_FILLED',
      fill: fill('sell', 300n, '0.6', '180', '0', 21),
      atMs: 21,
    });
    expect(p.status).toBe('open');
    expect(p.exitState.remainingQtyRaw).toBe(700n);
    // basis 1002 × 300 / 1000 = 300.6 → PnL 180 − 300.6
    expect(p.realizedPnlUsd).toBe('-120.6');
  });

  test('abandoned exit: back to open, nothing sold; failure is final', () => {
    let p = exitAt(open(), '0.6', 20);
    p = applyPositionEvent(p, { type: 'EXIT_ABANDONED', reason: 'slippage', atMs: 21 });
    expect(p).toMatchObject({ status: 'open', pendingExit: null });
    expect(p.exitState.remainingQtyRaw).toBe(1000n);
    p = applyPositionEvent(p, { type: 'FAILED', reason: 'token frozen', atMs: 22 });
    expect(p).toMatchObject({ status: 'error', errorReason: 'token frozen' });
  });

  test('prices move the peak only upward', () => {
    let p = applyPositionEvent(open(), { type: 'PRICE_OBSERVED', priceUsd: '1.8', atMs: 11 });
    p = applyPositionEvent(p, { type: 'PRICE_OBSERVED', priceUsd: '1.2', atMs: 12 });
    expect(p.exitState.peakPriceUsd).toBe('1.8');
    expect(p.updatedAtMs).toBe(12);
  });

  test("the position's override is merged over the wallet's strategy", () => {
    const p = openCopyPosition({
      ...open(),
      walletStrategy: DEFAULT_STRATEGY,
      strategyOverrides: { stopLoss: { lossFraction: '0.1' }, scalingOut: [] },
    });
    expect(p.exitState.strategy).toMatchObject({ stopLoss: { lossFraction: '0.1' }, scalingOut: [] });
    expect(p.exitState.strategy.trailingStop).toEqual(DEFAULT_STRATEGY.trailingStop);
  });

  test('an over-sized fill or a buy as an exit fill is refused', () => {
    const p = exitAt(open(), '0.6', 20);
    expect(() =>
      applyPositionEvent(p, {
        type: 'EXIT_FILLED',
        fill: fill('sell', 1001n, '0.6', '1', '0', 21),
        atMs: 21,
      }),
    ).toThrow(expect.objectContaining({ code: 'POSITION_FILL_INVALID' }));
    expect(() =>
      applyPositionEvent(p, { type: 'EXIT_FILLED', fill: fill('buy', 10n, '0.6', '6', '0', 21), atMs: 21 }),
    ).toThrow(expect.objectContaining({ code: 'POSITION_FILL_INVALID' }));
  });

  describe('illegal transitions', () => {
    const decision = evaluateExits(open().exitState, '0.5', 20)!;
    const events: PositionEvent[] = [
      { type: 'PRICE_OBSERVED', priceUsd: '1', atMs: 40 },
      { type: 'EXIT_STARTED', decision, atMs: 40 },
      { type: 'EXIT_FILLED', fill: fill('sell', 1000n, '0.5', '500', '0', 40), atMs: 40 },
      { type: 'EXIT_ABANDONED', reason: 'x', atMs: 40 },
      { type: 'FAILED', reason: 'x', atMs: 40 },
      { type: 'STRATEGY_CHANGED', strategy: open().exitState.strategy, overrides: {}, atMs: 40 },
    ];
    const inStatus: Record<PositionStatus, () => CopyPosition> = {
      open,
      exiting: () => exitAt(open(), '0.5', 20),
      closed: () =>
        applyPositionEvent(exitAt(open(), '0.5', 20), {
          type: 'EXIT_FILLED',
          fill: fill('sell', 1000n, '0.5', '500', '0', 21),
          atMs: 21,
        }),
      error: () => applyPositionEvent(open(), { type: 'FAILED', reason: 'x', atMs: 21 }),
    };
    for (const status of Object.keys(inStatus) as PositionStatus[]) {
      for (const event of events) {
        const allowed = ALLOWED_EVENTS[status].includes(event.type);
        test(`${event.type} on ${status}: ${allowed ? 'applies' : 'refused'}`, () => {
          const p = inStatus[status]();
          expect(p.status).toBe(status);
          if (allowed) expect(() => applyPositionEvent(p, event)).not.toThrow();
          else
            expect(() => applyPositionEvent(p, event)).toThrow(
              expect.objectContaining({ code: 'POSITION_TRANSITION_ILLEGAL', kind: 'conflict' }),
            );
        });
      }
    }
    test('a second exit cannot start while one is in flight', () => {
      expect(() => exitAt(exitAt(open(), '0.5', 20), '0.5', 21)).toThrow(
        expect.objectContaining({ code: 'POSITION_TRANSITION_ILLEGAL' }),
      );
    });
    test('an open position is not a closed trade', () => {
      expect(() => toClosedTrade(open())).toThrow(
        expect.objectContaining({ code: 'POSITION_TRANSITION_ILLEGAL' }),
      );
    });
  });
});
