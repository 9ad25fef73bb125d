import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Moment, MomentKind } from '../detectors/moment.ts';
import { MOMENT_KINDS } from '../detectors/moment.ts';
import type { RealizedTrade } from '../ledger/ledger-records.ts';
import { walletExtremes } from './wallet-extremes.ts';

const m = (id: string, kind: MomentKind, usd: string, pct: string, tEvent = 100): Moment => ({
  id,
  wallet: 'W',
  kind,
  mint: 'M',
  sourceEvent: `${id}:0`,
  detectorVersion: `${kind}@1`,
  tEvent,
  usd,
  pct,
  severity: '0',
  status: 'final',
  provenance: { sigRef: id, slotRef: null, priceSource: 'x', confidence: 1 },
  explain: {},
});

const t = (id: string, pnlUsd: string | null, blockTime = 100): RealizedTrade => ({
  id,
  wallet: 'W',
  mint: 'M',
  lotId: null,
  episodeId: null,
  qtyRaw: 1n,
  costUsd: null,
  proceedsUsd: null,
  pnlUsd,
  entry: null,
  exit: { slot: 1n, signature: id, index: 0, blockTime },
  exitKind: 'swap',
  priceSource: null,
});

describe('walletExtremes', () => {
  it('ranks S2E by USD, then pct, then earlier time, then id', () => {
    const ms = [
      m('a', 's2e', '50', '0.3'),
      m('b', 's2e', '50', '0.9'),
      m('c', 's2e', '49.999', '5'),
      m('d', 's2e', '50', '0.9', 99),
      m('e', 's2e', '50', '0.9', 99),
    ];
    expect(walletExtremes([], ms).topS2e?.id).toBe('d');
  });

  it('picks the most negative BHD, highest route pct, largest idle and rug, and null when none', () => {
    const ms = [
      m('b1', 'bhd', '10', '-0.4'),
      m('b2', 'bhd', '1', '-0.9'),
      m('r1', 'bad_route', '6', '0.02'),
      m('r2', 'bad_route', '100', '0.011'),
      m('i1', 'idle_yield', '30', '0.07'),
      m('i2', 'idle_yield', '300', '0.05'),
    ];
    const x = walletExtremes([], ms);
    expect([x.worstBhd?.id, x.worstBadRoute?.id, x.largestIdle?.id, x.worstRug]).toEqual([
      'b2',
      'r1',
      'i2',
      null,
    ]);
  });

  it('takes the top win and loss from realized PnL, ties by time then id, ignoring unknown PnL', () => {
    const trades = [t('w2', '10', 50), t('w1', '10', 50), t('w3', '10', 10), t('l1', '-3'), t('u', null)];
    const x = walletExtremes(trades, []);
    expect([x.topWin?.id, x.topLoss?.id]).toEqual(['w3', 'l1']);
    expect(walletExtremes([t('z', '0')], []).topWin).toBeNull();
  });

  const decimal = fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 3 }))
    .map(([i, f]) => `${i}.${f}`);
  const arbMoment = fc
    .tuple(
      fc.constantFrom(...MOMENT_KINDS),
      decimal,
      decimal,
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 20 }),
    )
    .map(([kind, usd, pct, time, n]) => m(`id${n}`, kind, usd, pct, time));
  const arbTrade = fc
    .tuple(fc.option(decimal), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 }))
    .map(([pnl, time, n]) => t(`t${n}`, pnl, time));
  // Unique ids: the natural key of a moment or trade is unique in a real ledger.
  const uniq = <T extends { id: string }>(xs: T[]): T[] => [...new Map(xs.map((x) => [x.id, x])).values()];

  it('is deterministic and independent of input order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbMoment, { maxLength: 30 }).map(uniq),
        fc.array(arbTrade, { maxLength: 30 }).map(uniq),
        fc.infiniteStream(fc.nat()),
        (moments, trades, rnd) => {
          const shuffle = <T>(xs: readonly T[]): T[] =>
            xs
              .map((x) => ({ x, k: rnd.next().value as number }))
              .sort((a, b) => a.k - b.k)
              .map((p) => p.x);
          const a = walletExtremes(trades, moments);
          expect(walletExtremes(trades, moments)).toEqual(a);
          expect(walletExtremes(shuffle(trades), shuffle(moments))).toEqual(a);
          expect(walletExtremes([...trades].reverse(), [...moments].reverse())).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
