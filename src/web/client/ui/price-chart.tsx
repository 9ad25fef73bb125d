import { formatPrice } from '../lib/decimal.ts';
import type { Candle } from '../lib/schemas.ts';
import { formatTime } from './states.tsx';

export interface ChartMarker {
  /** Unix seconds. */
  readonly t: number;
  readonly role: 'entry' | 'exit';
  readonly label: string;
}

const W = 640;
const H = 220;
const PAD = { left: 86, right: 12, top: 12, bottom: 28 };

/**
 * A hand-rolled SVG price line (hourly closes) with entry (▲, blue) and exit (▼, amber) markers placed on
 * the close of their hour. Prices become numbers only for pixel positions; labels use the exact strings.
 */
export function PriceChart({
  candles,
  markers,
  title,
}: {
  candles: readonly Candle[];
  markers: readonly ChartMarker[];
  title: string;
}) {
  if (candles.length === 0) return <p class="muted">No stored prices for this token.</p>;
  const times = candles.map((c) => Date.parse(c.t) / 1000);
  const closes = candles.map((c) => Number(c.close));
  const t0 = Math.min(...times, ...markers.map((m) => m.t));
  const t1 = Math.max(...times, ...markers.map((m) => m.t), t0 + 3600);
  let lo = Math.min(...closes);
  let hi = Math.max(...closes);
  if (hi === lo) {
    hi = hi * 1.05 + 1e-12;
    lo = lo * 0.95;
  }
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (p: number): number => PAD.top + (1 - (p - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const path = candles
    .map((_, i) => `${i === 0 ? 'M' : 'L'}${x(times[i] ?? 0).toFixed(1)},${y(closes[i] ?? 0).toFixed(1)}`)
    .join('');
  const closeAt = (t: number): number => {
    let best = 0;
    for (let i = 0; i < times.length; i++) if ((times[i] ?? 0) <= t) best = i;
    return closes[best] ?? 0;
  };
  const maxLabel = candles.reduce((a, c) => (Number(c.close) > Number(a.close) ? c : a)).close;
  const minLabel = candles.reduce((a, c) => (Number(c.close) < Number(a.close) ? c : a)).close;
  const entries = markers.filter((m) => m.role === 'entry').length;
  const exits = markers.length - entries;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${title}: ${candles.length} hourly closes from ${formatPrice(minLabel)} to ${formatPrice(maxLabel)}, ${entries} entries and ${exits} exits`}
    >
      <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(hi)} y2={y(hi)} />
      <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(lo)} y2={y(lo)} />
      <text class="axis" x={PAD.left - 6} y={y(hi) + 4} text-anchor="end">
        {formatPrice(maxLabel)}
      </text>
      <text class="axis" x={PAD.left - 6} y={y(lo) + 4} text-anchor="end">
        {formatPrice(minLabel)}
      </text>
      <text class="axis" x={PAD.left} y={H - 8}>
        {formatTime(t0)}
      </text>
      <text class="axis" x={W - PAD.right} y={H - 8} text-anchor="end">
        {formatTime(t1)}
      </text>
      <path class="line" d={path} fill="none" />
      {markers.map((m, i) => {
        const cx = x(m.t);
        const cy = y(closeAt(m.t));
        const d =
          m.role === 'entry'
            ? `M${cx},${cy - 7}L${cx - 6},${cy + 5}L${cx + 6},${cy + 5}Z`
            : `M${cx},${cy + 7}L${cx - 6},${cy - 5}L${cx + 6},${cy - 5}Z`;
        return (
          <path key={i} class={`marker marker-${m.role}`} d={d}>
            <title>{m.label}</title>
          </path>
        );
      })}
    </svg>
  );
}
