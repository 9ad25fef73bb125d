import { describe, expect, it } from 'vitest';
import type { AnalysisDocument } from '../../analyze/analysis-report.ts';
import { pct1, renderAnalysisTable, usd2 } from './analysis-table.ts';

const doc = (over: Partial<AnalysisDocument>): AnalysisDocument => ({
  analysisId: 'a',
  wallet: 'Wa11et1111111111111111111111111111111111111',
  plan: 'PRO',
  status: 'done',
  window: { from: '2023-11-21T00:00:00.000Z', to: '2025-11-21T00:00:00.000Z' },
  realizedPnlUsd: '1584.0899',
  unrealizedPnlUsd: '-12.5',
  openPositions: [],
  counts: { s2e: 1, bhd: 0, bad_route: 0, idle_yield: 0, rug: 0 },
  trades: 3,
  episodes: 2,
  extremes: {
    topWin: null,
    topLoss: null,
    topS2e: {
      kind: 's2e',
      mint: 'Mint11111111111111111111111111111111111111',
      usd: '1584.0899',
      pct: '0.697268',
      sigRef: 'sig',
      tEvent: '2024-03-25T14:30:00.000Z',
    },
    worstBhd: null,
    worstBadRoute: null,
    largestIdle: null,
    worstRug: null,
  },
  moments: [],
  backfill: {},
  recompute: { mode: 'full', settledBefore: null, reason: 'no checkpoint yet' },
  warnings: [],
  ...over,
});

describe('the oof analyze table', () => {
  it('truncates money and percentages (never rounds up) and groups thousands', () => {
    expect(usd2('1584.0899')).toBe('$1,584.08');
    expect(usd2('-0.009')).toBe('-$0.00');
    expect(pct1('0.697268')).toBe('69.7%');
    expect(pct1('-0.452399')).toBe('-45.2%');
  });

  it('leads with PnL and the extremes; partial runs and unpriced positions are said plainly', () => {
    const text = renderAnalysisTable(
      doc({
        status: 'partial',
        openPositions: [
          { mint: 'A', qtyRaw: '1', openCostUsd: '10', markUsd: '8', valueUsd: '8', unrealizedPnlUsd: '-2' },
          { mint: 'B', qtyRaw: '1', openCostUsd: '5', markUsd: null, valueUsd: null, unrealizedPnlUsd: null },
        ],
      }),
    );
    expect(text).toContain('(PARTIAL: plan ceilings reached)');
    expect(text).toContain('realized PnL $1,584.08 over 3 realized trades in 2 episodes');
    expect(text).toContain(
      'on 1 priced open position(s); 1 without a price at the analysis time (not counted)',
    );
    expect(text).toMatch(/top sold-too-early\s+\$1,584\.08\s+69\.7%/);
    expect(text).toMatch(/top win\s+—/);
    expect(renderAnalysisTable(doc({}))).toContain('no open positions');
  });
});
