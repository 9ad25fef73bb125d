import { describe, expect, it } from 'vitest';
import { cardWindow, momentCardFacts } from './moment-card-facts.ts';
import { sparklineGeometry } from './sparkline.ts';

const box = { width: 600, height: 300, inset: 10 };
const candles = Array.from({ length: 50 }, (_, i) => ({ t: 1000 + i * 3600, close: String(10 + (i % 7)) }));

describe('sparklineGeometry', () => {
  it('puts market markers on the line and keeps everything inside the box', () => {
    const geo = sparklineGeometry(
      candles,
      [{ role: 'peak', label: 'Peak', t: 1000 + 20 * 3600 + 1800, priceUsd: '30' }],
      { from: 1000, to: 1000 + 10 * 3600 },
      box,
    );
    if (geo === null) throw new Error('no geometry');
    const [peak] = geo.markers;
    expect(peak?.y).toBe(10); // the highest point of the series, at the top inset
    expect(geo.line).toContain(`L${peak?.x} ${peak?.y}`);
    for (const [, x, y] of geo.line.matchAll(/[ML]([\d.]+) ([\d.]+)/g)) {
      expect(Number(x)).toBeGreaterThanOrEqual(10);
      expect(Number(x)).toBeLessThanOrEqual(590);
      expect(Number(y)).toBeGreaterThanOrEqual(10);
      expect(Number(y)).toBeLessThanOrEqual(290);
    }
    expect(geo.span).toEqual({ x0: 10, x1: expect.any(Number) as number });
  });

  it('leaves an off-market fill off the line, and draws nothing from a single point', () => {
    const fill = {
      role: 'entry' as const,
      label: 'Your fill',
      t: 1000 + 5 * 3600,
      priceUsd: '40',
      offMarket: true,
    };
    const geo = sparklineGeometry(candles, [fill], undefined, box);
    expect(geo?.line).not.toContain(`L${geo?.markers[0]?.x} ${geo?.markers[0]?.y}`);
    expect(geo?.markers[0]?.y).toBe(10);
    expect(sparklineGeometry([{ t: 1, close: '1' }], [], undefined, box)).toBeNull();
  });

  it('thins a long series to the box width but keeps its extremes', () => {
    const long = Array.from({ length: 5000 }, (_, i) => ({ t: i * 60, close: i === 2345 ? '99' : '1' }));
    const geo = sparklineGeometry(long, [], undefined, box);
    expect((geo?.line.match(/L/g) ?? []).length).toBeLessThanOrEqual(300);
    expect(geo?.line).toMatch(/[ML][\d.]+ 10(?: |$)/); // the spike to 99 survives, at the top inset
  });
});

describe('momentCardFacts', () => {
  it('reads each kind’s markers from its explain and frames the chart around them', () => {
    const t = 1_700_000_000;
    const s2e = momentCardFacts('s2e', t, { exitPxUsd: '1.5', peakUsd: '3', peakAt: t + 86_400 });
    expect(s2e.markers.map((m) => m.role)).toEqual(['exit', 'peak']);
    expect(s2e.span).toEqual({ from: t, to: t + 86_400 });
    expect(cardWindow('s2e', t, s2e)).toEqual({ from: t - 3 * 86_400, to: t + 7 * 86_400 });
    const rug = momentCardFacts('rug', t, { athUsd: '10', athAt: t - 60 * 86_400, onsetPxUsd: '0.9' });
    expect(cardWindow('rug', t, rug).from).toBe(t - 62 * 86_400);
    expect(momentCardFacts('bhd', t, { entryPxUsd: 'NaN', troughAt: 'x' }).markers).toEqual([]);
  });
});
