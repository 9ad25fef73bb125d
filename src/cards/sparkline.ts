import type { CardMarker, CardPricePoint } from './moment-card-input.ts';

/**
 * Geometry of the price sparkline. Prices become floats here and only here, for drawing coordinates; every
 * number shown as text is formatted from the exact decimal strings. Coordinates are rounded to 0.1 px so
 * the SVG text (and so the PNG) is identical for identical input.
 */
export interface SparklineGeometry {
  /** `M x y L x y …` through the closes and the marker points, left to right. */
  readonly line: string;
  /** The line closed down to the bottom edge, for the gradient fill under it. */
  readonly area: string;
  readonly markers: readonly (CardMarker & { readonly x: number; readonly y: number })[];
  readonly span?: { readonly x0: number; readonly x1: number };
  /** Pixel x of the last point (the "now" end of the line). */
  readonly lastX: number;
}

export interface SparklineBox {
  readonly width: number;
  readonly height: number;
  /** Room kept free inside the box for marker dots and their halos. */
  readonly inset: number;
}

const round = (v: number): number => Math.round(v * 10) / 10;

/**
 * Null when there is nothing to draw (fewer than two distinct points). The marker points are merged into the
 * series: a peak is a candle *high* while the line is drawn through closes, and a dot floating above the line
 * reads as a bug, so the line passes through every marker instead.
 */
export function sparklineGeometry(
  candles: readonly CardPricePoint[],
  markers: readonly CardMarker[],
  span: { readonly from: number; readonly to: number } | undefined,
  box: SparklineBox,
): SparklineGeometry | null {
  const series = new Map<number, number>();
  for (const c of candles) {
    const v = Number(c.close);
    if (Number.isFinite(v) && v > 0) series.set(c.t, v);
  }
  const markerPts = markers
    .map((m) => ({ m, v: Number(m.priceUsd) }))
    .filter(({ v }) => Number.isFinite(v) && v > 0);
  for (const { m, v } of markerPts) if (m.offMarket !== true) series.set(m.t, v);
  const pts = downsample(
    [...series.entries()].sort((a, b) => a[0] - b[0]),
    Math.max(2, Math.floor(box.width / 2)),
    new Set(markerPts.map(({ m }) => m.t)),
  );
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first === undefined || last === undefined || last[0] === first[0]) return null;

  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...pts.map((pt) => pt[1]), ...markerPts.map((mp) => mp.v)]) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi === lo) {
    hi *= 1.05;
    lo *= 0.95;
  }
  const t0 = first[0];
  const t1 = last[0];
  const w = box.width - 2 * box.inset;
  const h = box.height - 2 * box.inset;
  const x = (t: number): number => round(box.inset + ((t - t0) / (t1 - t0)) * w);
  const y = (v: number): number => round(box.inset + (1 - (v - lo) / (hi - lo)) * h);

  const line = pts.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t)} ${y(v)}`).join(' ');
  const bottom = box.height;
  const area = `${line} L${x(t1)} ${bottom} L${x(t0)} ${bottom} Z`;
  const clampX = (t: number): number => x(Math.min(Math.max(t, t0), t1));
  return {
    line,
    area,
    markers: markerPts
      .filter(({ m }) => m.t >= t0 && m.t <= t1)
      .map(({ m, v }) => ({ ...m, x: x(m.t), y: y(v) })),
    ...(span !== undefined && span.to > t0 && span.from < t1
      ? { span: { x0: clampX(span.from), x1: clampX(span.to) } }
      : {}),
    lastX: x(t1),
  };
}

/**
 * At most `maxPoints` points: per bucket the lowest and the highest (in time order), so spikes and crashes
 * survive; marker points are always kept.
 */
function downsample(
  pts: readonly (readonly [number, number])[],
  maxPoints: number,
  keep: ReadonlySet<number>,
): (readonly [number, number])[] {
  if (pts.length <= maxPoints) return [...pts];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = pts.length / buckets;
  const out: (readonly [number, number])[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = pts.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    let lo = slice[0];
    let hi = slice[0];
    for (const p of slice) {
      if (lo === undefined || p[1] < lo[1]) lo = p;
      if (hi === undefined || p[1] > hi[1]) hi = p;
    }
    const chosen = new Set(slice.filter((p) => p === lo || p === hi || keep.has(p[0])));
    out.push(...slice.filter((p) => chosen.has(p)));
  }
  return out;
}
