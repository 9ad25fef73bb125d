import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.ts';

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and another for another seed or fork', () => {
    const draw = (r: SeededRandom): number[] => Array.from({ length: 8 }, () => r.u32());
    expect(draw(new SeededRandom('a'))).toEqual(draw(new SeededRandom('a')));
    expect(draw(new SeededRandom('a'))).not.toEqual(draw(new SeededRandom('b')));
    expect(draw(new SeededRandom('a').fork('x'))).not.toEqual(draw(new SeededRandom('a').fork('y')));
  });

  it('draws integers and bigints inside their ranges, covering them', () => {
    const r = new SeededRandom('ranges');
    const seen = new Set<number>();
    for (let i = 0; i < 5_000; i += 1) {
      const x = r.range(3, 9);
      expect(x >= 3 && x <= 9).toBe(true);
      seen.add(x);
      const b = r.bigRange(10n ** 20n, 10n ** 20n + 5n);
      expect(b >= 10n ** 20n && b <= 10n ** 20n + 5n).toBe(true);
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(seen.size).toBe(7);
  });

  it('is roughly uniform and honours weights', () => {
    const r = new SeededRandom('uniform');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) counts[r.int(4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const weighted = [0, 0];
    for (let i = 0; i < 10_000; i += 1) weighted[r.weighted([1, 3])]! += 1;
    expect(Math.abs(weighted[1]! / 10_000 - 0.75)).toBeLessThan(0.03);
  });
});
