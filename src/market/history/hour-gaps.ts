/** Hour starts (epoch ms) and runs of them: the grid price coverage is tracked on. */
export const HOUR_MS = 3_600_000;

/** An inclusive run of hour starts `[from, to]` (epoch ms, both on the hour). */
export interface HourRange {
  readonly from: number;
  readonly to: number;
}

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * The hours of `[from, to]` (every hour whose start lies in it, after flooring `from`) that no covered range
 * and no hour with a stored candle accounts for, as maximal runs, oldest first.
 */
export function missingHourRanges(
  window: HourRange,
  covered: readonly HourRange[],
  candleHours: ReadonlySet<number>,
): HourRange[] {
  const out: HourRange[] = [];
  let runStart: number | null = null;
  const sorted = [...covered].sort((a, b) => a.from - b.from);
  let k = 0;
  let reach = -Infinity; // the furthest hour covered by ranges starting at or before `h`
  for (let h = window.from; h <= window.to; h += HOUR_MS) {
    while (k < sorted.length && (sorted[k] as HourRange).from <= h) {
      reach = Math.max(reach, (sorted[k] as HourRange).to);
      k++;
    }
    const isCovered = h <= reach || candleHours.has(h);
    if (!isCovered && runStart === null) runStart = h;
    if (isCovered && runStart !== null) {
      out.push({ from: runStart, to: h - HOUR_MS });
      runStart = null;
    }
  }
  if (runStart !== null) out.push({ from: runStart, to: window.to });
  return out;
}

/** Runs of the hours of `range` not in `found`. */
export function hoursNotIn(range: HourRange, found: ReadonlySet<number>): HourRange[] {
  return missingHourRanges(range, [], found);
}
