import type { AnalysisDocument, ExtremeEntry } from '../../analyze/analysis-report.ts';

const short = (s: string, n = 8): string => (s.length <= 2 * n + 1 ? s : `${s.slice(0, n)}…${s.slice(-4)}`);

/** USD with two decimals, truncated (never rounded up), thousands separated: 1234.5678 → 1,234.56. */
export function usd2(value: string): string {
  const neg = value.startsWith('-');
  const [int = '0', frac = ''] = (neg ? value.slice(1) : value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}$${grouped}.${(frac + '00').slice(0, 2)}`;
}

/** A ratio as a percentage with one decimal, truncated: 0.4567 → 45.6%. */
export function pct1(ratio: string): string {
  const neg = ratio.startsWith('-');
  const [int = '0', frac = ''] = (neg ? ratio.slice(1) : ratio).split('.');
  const scaled = BigInt(int) * 1000n + BigInt((frac + '000').slice(0, 3));
  const whole = scaled / 10n;
  return `${neg && scaled !== 0n ? '-' : ''}${whole}.${scaled % 10n}%`;
}

const ROWS: ReadonlyArray<readonly [keyof AnalysisDocument['extremes'], string]> = [
  ['topWin', 'top win'],
  ['topLoss', 'top loss'],
  ['topS2e', 'top sold-too-early'],
  ['worstBhd', 'worst bag-holder drawdown'],
  ['worstBadRoute', 'worst route'],
  ['largestIdle', 'largest idle yield'],
  ['worstRug', 'worst rug'],
];

function row(label: string, e: ExtremeEntry | null): string {
  if (e === null) return `  ${label.padEnd(27)} —\n`;
  return (
    `  ${label.padEnd(27)} ${usd2(e.usd).padStart(14)}  ${pct1(e.pct).padStart(9)}  ` +
    `${short(e.mint).padEnd(14)} ${(e.tEvent ?? '').slice(0, 16).replace('T', ' ')}  tx ${short(e.sigRef)}\n`
  );
}

/** The ranked table `oof analyze` prints. */
export function renderAnalysisTable(d: AnalysisDocument): string {
  let out = `OOF analysis of ${d.wallet} — plan ${d.plan}, ${d.window.from.slice(0, 10)} → ${d.window.to.slice(0, 10)}`;
  out += d.status === 'partial' ? ' (PARTIAL: plan ceilings reached)\n' : '\n';
  out += `  realized PnL ${usd2(d.realizedPnlUsd)} over ${d.trades} realized trades in ${d.episodes} episodes\n`;
  const unpriced = d.openPositions.filter((p) => p.markUsd === null).length;
  const priced = d.openPositions.length - unpriced;
  out +=
    d.openPositions.length === 0
      ? '  no open positions\n\n'
      : `  unrealized PnL ${usd2(d.unrealizedPnlUsd)} on ${priced} priced open position(s)` +
        (unpriced > 0 ? `; ${unpriced} without a price at the analysis time (not counted)\n\n` : '\n\n');
  for (const [key, label] of ROWS) out += row(label, d.extremes[key]);
  const c = d.counts;
  out += `\n  moments: ${d.moments.length} — sold too early ${c.s2e}, bag-holder ${c.bhd}, bad route ${c.bad_route}, idle yield ${c.idle_yield}, rug ${c.rug}\n`;
  const top = d.moments.slice(0, 10);
  if (top.length > 0) out += '\n  top moments by USD:\n';
  for (const m of top) {
    out +=
      `  ${m.kind.padEnd(11)} ${usd2(m.usd).padStart(14)}  ${pct1(m.pct).padStart(9)}  ${short(m.mint).padEnd(14)} ` +
      `${m.tEvent.slice(0, 16).replace('T', ' ')}  ${m.status === 'provisional' ? 'provisional' : ''}\n`;
  }
  out +=
    d.recompute.mode === 'incremental'
      ? `\n  recomputed from ${d.recompute.settledBefore?.slice(0, 16).replace('T', ' ') ?? '?'} on (earlier history settled)\n`
      : `\n  recomputed in full${d.recompute.reason === null ? '' : ` (${d.recompute.reason})`}\n`;
  for (const w of d.warnings) out += `  warning: ${w}\n`;
  return out;
}
