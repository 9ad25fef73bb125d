/**
 * The analysis document `oof analyze --json` prints and the API serves (issue contract): amounts as decimal
 * strings, times as ISO 8601, each extreme reduced to `{kind, mint, usd, pct, sigRef, tEvent}`.
 */
import type { WalletAnalysis } from '../analytics/analysis/analyze-wallet-actions.ts';
import type { Moment, MomentKind } from '../analytics/detectors/moment.ts';
import type { WalletExtremes } from '../analytics/extremes/wallet-extremes.ts';
import type { RealizedTrade } from '../analytics/ledger/ledger-records.ts';
import { fromScaled, toScaled, USD_SCALE } from '../domain/decimal.ts';
import type { JsonValue } from '../store/jobs/jobs.repository.ts';

export interface ExtremeEntry {
  readonly kind: string;
  readonly mint: string;
  readonly usd: string;
  readonly pct: string;
  readonly sigRef: string;
  readonly tEvent: string | null;
}

export interface MomentEntry {
  readonly id: string;
  readonly kind: MomentKind;
  readonly mint: string;
  readonly usd: string;
  readonly pct: string;
  readonly severity: string;
  readonly status: string;
  readonly tEvent: string;
  readonly sigRef: string;
  readonly slotRef: string | null;
  readonly priceSource: string;
  readonly confidence: number;
  readonly detectorVersion: string;
  readonly explain: JsonValue;
}

export interface AnalysisDocument {
  readonly analysisId: string;
  readonly wallet: string;
  readonly plan: string;
  readonly status: 'done' | 'partial';
  readonly window: { readonly from: string; readonly to: string };
  readonly realizedPnlUsd: string;
  /** Open positions at the analysis time, marked at the latest stored price (null mark: unpriced). */
  readonly unrealizedPnlUsd: string;
  readonly openPositions: readonly {
    readonly mint: string;
    readonly qtyRaw: string;
    readonly openCostUsd: string;
    readonly markUsd: string | null;
    readonly valueUsd: string | null;
    readonly unrealizedPnlUsd: string | null;
  }[];
  readonly counts: Readonly<Record<MomentKind, number>>;
  readonly trades: number;
  readonly episodes: number;
  readonly extremes: Readonly<Record<keyof WalletExtremes, ExtremeEntry | null>>;
  readonly moments: readonly MomentEntry[];
  readonly backfill: JsonValue;
  /**
   * How this run recomputed: `full` (the whole window, with why no checkpoint was resumed) or `incremental`
   * (the tail after `settledBefore`; what lies before it is the settled result of an earlier run).
   */
  readonly recompute: {
    readonly mode: 'full' | 'incremental';
    readonly settledBefore: string | null;
    readonly reason: string | null;
  };
  readonly warnings: readonly string[];
}

const iso = (unixSeconds: number | null): string | null =>
  unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString();

function tradeEntry(kind: string, t: RealizedTrade | null): ExtremeEntry | null {
  if (t === null || t.pnlUsd === null) return null;
  const cost = t.costUsd === null ? 0n : toScaled(t.costUsd, USD_SCALE);
  const pnl = toScaled(t.pnlUsd, USD_SCALE);
  return {
    kind,
    mint: t.mint,
    usd: t.pnlUsd,
    pct: cost === 0n ? '0' : fromScaled((pnl * 10n ** BigInt(USD_SCALE)) / cost, USD_SCALE),
    sigRef: t.exit.signature,
    tEvent: iso(t.exit.blockTime),
  };
}

function momentExtreme(m: Moment | null): ExtremeEntry | null {
  return m === null
    ? null
    : {
        kind: m.kind,
        mint: m.mint,
        usd: m.usd,
        pct: m.pct,
        sigRef: m.provenance.sigRef,
        tEvent: iso(m.tEvent),
      };
}

export function momentEntry(m: Moment): MomentEntry {
  return {
    id: m.id,
    kind: m.kind,
    mint: m.mint,
    usd: m.usd,
    pct: m.pct,
    severity: m.severity,
    status: m.status,
    tEvent: new Date(m.tEvent * 1000).toISOString(),
    sigRef: m.provenance.sigRef,
    slotRef: m.provenance.slotRef,
    priceSource: m.provenance.priceSource,
    confidence: m.provenance.confidence,
    detectorVersion: m.detectorVersion,
    explain: m.explain as JsonValue,
  };
}

export function extremesDocument(e: WalletExtremes): AnalysisDocument['extremes'] {
  return {
    topWin: tradeEntry('win', e.topWin),
    topLoss: tradeEntry('loss', e.topLoss),
    topS2e: momentExtreme(e.topS2e),
    worstBhd: momentExtreme(e.worstBhd),
    worstBadRoute: momentExtreme(e.worstBadRoute),
    largestIdle: momentExtreme(e.largestIdle),
    worstRug: momentExtreme(e.worstRug),
  };
}

export function analysisDocument(input: {
  analysisId: string;
  wallet: string;
  plan: string;
  status: 'done' | 'partial';
  window: { from: Date; to: Date };
  analysis: WalletAnalysis;
  backfill: JsonValue;
  recompute: AnalysisDocument['recompute'];
  warnings: readonly string[];
}): AnalysisDocument {
  const a = input.analysis;
  return {
    analysisId: input.analysisId,
    wallet: input.wallet,
    plan: input.plan,
    status: input.status,
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    realizedPnlUsd: a.realizedPnlUsd,
    unrealizedPnlUsd: a.unrealized.totalUnrealizedPnlUsd,
    openPositions: a.unrealized.positions.map((p) => ({
      mint: p.mint,
      qtyRaw: p.openQtyRaw.toString(),
      openCostUsd: p.openCostUsd,
      markUsd: p.markUsd,
      valueUsd: p.valueUsd,
      unrealizedPnlUsd: p.unrealizedPnlUsd,
    })),
    counts: a.counts,
    trades: a.tradeCount,
    episodes: a.episodeCount,
    extremes: extremesDocument(a.extremes),
    moments: a.moments.map(momentEntry),
    backfill: input.backfill,
    recompute: input.recompute,
    warnings: input.warnings,
  };
}
