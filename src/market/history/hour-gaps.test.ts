import { describe, expect, it } from 'vitest';
import { HOUR_MS, missingHourRanges } from './hour-gaps.ts';

const h = (n: number): number => n * HOUR_MS;

describe('missingHourRanges', () => {
  it('leaves out hours covered by a range or holding a stored candle, as maximal runs', () => {
    const window = { from: h(0), to: h(9) };
    expect(missingHourRanges(window, [], new Set())).toEqual([{ from: h(0), to: h(9) }]);
    expect(
      missingHourRanges(
        window,
        [
          { from: h(2), to: h(3) },
          { from: h(3), to: h(4) },
          { from: h(-5), to: h(0) },
        ],
        new Set([h(7)]),
      ),
    ).toEqual([
      { from: h(1), to: h(1) },
      { from: h(5), to: h(6) },
      { from: h(8), to: h(9) },
    ]);
    expect(missingHourRanges(window, [{ from: h(-1), to: h(20) }], new Set())).toEqual([]);
  });
});
