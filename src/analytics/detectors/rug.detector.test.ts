import { describe, expect, it } from 'vitest';
import { buildLedger } from '../ledger/build-ledger.ts';
import { buy, options, sell } from '../ledger/ledger.fixtures.ts';
import type { LedgerResult, Lot } from '../ledger/ledger-records.ts';
import {
  CONFIG,
  DAY,
  MINT,
  T0,
  WALLET,
  type TestCandle,
  candlePrices,
  hourlyCandles,
  lot,
  trade,
} from './detectors.fixtures.ts';
import { type TokenAth, detectRug } from './rug.detector.ts';

const H = T0 - (T0 % 3600);
/** The crash hour: flat $1 before, one candle from $1 down to the onset low, then `after` every hour. */
const ONSET = H + 2 * DAY;

function market(onsetLow: string, after: (t: number) => string | Omit<TestCandle, 't'>): TestCandle[] {
  return hourlyCandles(H - 2 * DAY, H + 30 * DAY, (t) =>
    t < ONSET ? '1' : t === ONSET ? { high: '1', low: onsetLow, close: onsetLow } : after(t),
  );
}

/** 100 tokens bought for $100 at T0, still held unless `soldAt`. */
function ledger(soldAt?: number): LedgerResult {
  const bought = lot('100', 100_000_000n);
  const held: Lot =
    soldAt === undefined ? { ...bought, openQtyRaw: 100_000_000n, openCostUsd: '100' } : bought;
  const sold =
    soldAt === undefined
      ? []
      : [
          {
            ...trade('50', 100_000_000n),
            costUsd: '100',
            exit: { ...trade('50', 1n).exit, blockTime: soldAt },
          },
        ];
  return { lots: [held], realizedTrades: sold, episodes: [], flags: [] };
}

const run = (
  candles: TestCandle[],
  opts: { now?: number; ledger?: LedgerResult; ath?: ReadonlyMap<string, TokenAth> } = {},
) =>
  detectRug({
    wallet: WALLET,
    ledger: opts.ledger ?? ledger(),
    prices: candlePrices(candles),
    ...(opts.ath === undefined ? {} : { ath: opts.ath }),
    now: opts.now ?? H + 30 * DAY,
    config: CONFIG.rug,
  });

describe('Rug', () => {
  it('emits exactly at 90% below the ATH: lost = open cost − qty × best exit after the onset', () => {
    const [m, ...rest] = run(market('0.1', () => '0.1'));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      kind: 'rug',
      mint: MINT,
      id: `${WALLET}:rug:buy-lot:1:0:rug@1`,
      tEvent: ONSET,
      usd: '90',
      pct: '0.9',
      severity: '0.9',
      status: 'final',
      provenance: { sigRef: 'buy-lot:1', priceSource: 'candles_1h', confidence: 0.8 },
    });
    expect(m?.explain).toEqual({
      athUsd: '1',
      athAt: H - 2 * DAY,
      athSource: 'candles_1h',
      onsetAt: ONSET,
      onsetPxUsd: '0.1',
      thresholdPxUsd: '0.1',
      dropFromAthPct: '0.9',
      bestExitAfterUsd: '0.1',
      bestExitAt: ONSET,
      stayUntil: ONSET + 7 * DAY,
      qty: '100',
      unknownBasisQty: '0',
      openCostUsd: '100',
      valueAfterUsd: '10',
      lotIds: ['lot:1'],
      minDropFromAthPct: '0.90',
      stayDays: 7,
    });
  });

  it('stays silent just short of 90%', () => {
    const low = '0.100000000000000001';
    expect(run(market(low, () => low))).toEqual([]);
  });

  it('values the bag at the best price after the onset', () => {
    const [m] = run(
      market('0.05', (t) => (t === ONSET + 3 * DAY ? { high: '0.08', low: '0.04', close: '0.04' } : '0.04')),
    );
    expect(m).toMatchObject({ usd: '92', pct: '0.92', tEvent: ONSET });
    expect(m?.explain).toMatchObject({
      onsetPxUsd: '0.05',
      bestExitAfterUsd: '0.08',
      bestExitAt: ONSET + 3 * DAY,
    });
  });

  it('a recovery above the threshold inside 7 days cancels; after 7 days it does not', () => {
    expect(run(market('0.1', (t) => (t < ONSET + 6 * DAY ? '0.1' : '0.5')))).toEqual([]);
    const late = run(market('0.1', (t) => (t <= ONSET + 7 * DAY ? '0.1' : '0.5')));
    expect(late.map((m) => [m.tEvent, m.usd])).toEqual([[ONSET, '90']]);
  });

  it('a one-hour spike back above the threshold restarts the clock: the onset moves to the spike candle', () => {
    // The spike candle's own low is back below the threshold, and nothing climbs above it in the 7 days after.
    const spike = ONSET + 6 * DAY;
    const ms = run(market('0.1', (t) => (t === spike ? { high: '0.11', low: '0.1', close: '0.1' } : '0.1')));
    expect(ms.map((m) => [m.tEvent, m.usd])).toEqual([[spike, '90']]);
  });

  it('no moment when the bag was sold before the onset; one when sold after it', () => {
    const candles = market('0.1', () => '0.1');
    expect(run(candles, { ledger: ledger(ONSET - 1) })).toEqual([]);
    expect(run(candles, { ledger: ledger(ONSET + 3600) }).map((m) => m.usd)).toEqual(['90']);
  });

  it('is provisional until onset + 7 days, judged on the prices up to now', () => {
    const candles = market('0.1', () => '0.1');
    expect(run(candles, { now: ONSET + 3 * DAY })[0]).toMatchObject({ status: 'provisional', usd: '90' });
    expect(run(candles, { now: ONSET + 7 * DAY })[0]?.status).toBe('final');
  });

  it('uses the token-facts ATH once its time has passed', () => {
    const candles = market('0.15', () => '0.15');
    expect(run(candles)).toEqual([]);
    const ath = new Map([[MINT, { athUsd: '2', athAt: H - DAY }]]);
    const [m] = run(candles, { ath });
    expect(m).toMatchObject({
      usd: '85',
      pct: '0.925',
      provenance: { priceSource: 'candles_1h+token_facts' },
    });
    expect(m?.explain).toMatchObject({ athUsd: '2', athSource: 'token_facts', thresholdPxUsd: '0.2' });
  });

  it('a bag bought after the collapse is not rugged by it', () => {
    const bought: Lot = {
      ...lot('10', 100_000_000n),
      openQtyRaw: 100_000_000n,
      openCostUsd: '10',
      openedAt: { slot: 1n, signature: 'late', index: 0, blockTime: ONSET + DAY },
    };
    const l: LedgerResult = { lots: [bought], realizedTrades: [], episodes: [], flags: [] };
    expect(
      run(
        market('0.1', () => '0.05'),
        { ledger: l },
      ),
    ).toEqual([]);
  });
});

describe('Rug on a real ledger', () => {
  const at = (t: number) => ({ slot: BigInt(t), signature: `s${t}`, index: 0, blockTime: t, owner: WALLET });
  const buyAt = (t: number, raw: bigint, usd: string) => ({ ...buy(1, MINT, raw, usd), ...at(t) });
  const sellAt = (t: number, raw: bigint, usd: string) => ({ ...sell(1, MINT, raw, usd), ...at(t) });

  it('counts only what was still held at the onset, at its remaining FIFO cost', () => {
    const l = buildLedger(
      WALLET,
      [
        buyAt(T0, 100_000_000n, '100'),
        sellAt(T0 + 3600, 40_000_000n, '60'),
        sellAt(ONSET + DAY, 10_000_000n, '1'),
      ],
      options(),
    );
    const [m] = run(
      market('0.1', () => '0.1'),
      { ledger: l },
    );
    expect(m).toMatchObject({ usd: '54', severity: '0.9' });
    expect(m?.explain).toMatchObject({ qty: '60', openCostUsd: '60', valueAfterUsd: '6' });
  });

  it('a token that recovers and rugs again only charges the lots bought since', () => {
    const second = ONSET + 10 * DAY;
    const candles = market('0.1', (t) =>
      t < ONSET + 8 * DAY
        ? '0.1'
        : t < second
          ? '1'
          : t === second
            ? { high: '1', low: '0.1', close: '0.1' }
            : '0.1',
    );
    const l = buildLedger(
      WALLET,
      [buyAt(T0, 100_000_000n, '100'), buyAt(ONSET + 9 * DAY, 10_000_000n, '10')],
      options(),
    );
    const ms = run(candles, { ledger: l });
    expect(ms.map((m) => [m.tEvent, m.usd, m.explain['lotIds']])).toEqual([
      [ONSET, '90', [`${WALLET}:${MINT}:lot:1`]],
      [second, '9', [`${WALLET}:${MINT}:lot:2`]],
    ]);
    expect(new Set(ms.map((m) => m.id)).size).toBe(2);
  });
});
