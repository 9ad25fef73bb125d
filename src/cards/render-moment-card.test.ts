import { describe, expect, it } from 'vitest';
import { momentCardFacts } from './moment-card-facts.ts';
import type { MomentCardInput } from './moment-card-input.ts';
import { renderMomentCard } from './render-moment-card.ts';
import { decodePng, PNG_SIGNATURE } from './testing/decode-png.ts';

const T = 1708977600; // 2024-02-26 20:00 UTC
const HOUR = 3600;
const candles = Array.from({ length: 240 }, (_, i) => ({
  t: T - 72 * HOUR + i * HOUR,
  close: (0.00001313 * (1 + 0.5 * Math.sin(i / 20) + i / 100)).toFixed(12),
}));
const explain = { exitPxUsd: '0.00001313', peakUsd: '0.00004465', peakAt: T + 150 * HOUR };
const facts = momentCardFacts('s2e', T, explain);
const input: MomentCardInput = {
  kind: 's2e',
  mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263',
  symbol: 'BONK',
  usd: '1584.089912',
  pct: '2.400609',
  tEvent: T,
  sigRef: '5h3kQw9xT2vLrPz8mN4bYcJ7dFgS1aEoUiWq6tHkXyZe3RbVnMpLs9CuDfGh2JkA4QwErTyUiOpAsDf',
  status: 'final',
  episode: { n: 3, symbol: 'BONK' },
  candles,
  markers: facts.markers,
  ...(facts.span === undefined ? {} : { span: facts.span }),
};
const hex = (rgb: readonly number[]): string =>
  `#${rgb
    .slice(0, 3)
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;

describe('renderMomentCard', () => {
  it('writes a valid PNG of 1200×630 by default and 1080×1080 for square', async () => {
    const og = await renderMomentCard(input);
    expect([...og.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const ihdr = Buffer.from(og.subarray(8, 33));
    expect(ihdr.toString('latin1', 4, 8)).toBe('IHDR');
    expect([ihdr.readUInt32BE(8), ihdr.readUInt32BE(12)]).toEqual([1200, 630]);
    const decoded = decodePng(og);
    expect([decoded.width, decoded.height]).toEqual([1200, 630]);
    expect(decoded.chunks.at(-1)).toBe('IEND');

    const square = decodePng(await renderMomentCard(input, { size: 'square' }));
    expect([square.width, square.height]).toEqual([1080, 1080]);
  });

  it('is a pure function of its input: same input, same bytes', async () => {
    const a = await renderMomentCard(input, { theme: 'light' });
    const b = await renderMomentCard({ ...input, candles: [...input.candles].reverse() }, { theme: 'light' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = await renderMomentCard({ ...input, usd: '1584.1' }, { theme: 'light' });
    expect(Buffer.from(a).equals(Buffer.from(other))).toBe(false);
  });

  it('paints the theme: the background corner is the dark or the light background colour', async () => {
    const dark = decodePng(await renderMomentCard(input, { theme: 'dark' }));
    const light = decodePng(await renderMomentCard(input, { theme: 'light' }));
    expect(hex(dark.pixel(1199, 629))).toBe('#0B0F17');
    expect(hex(light.pixel(1199, 629))).toBe('#F6F7FB');
    // The chart line is drawn in the kind's colour somewhere in the chart panel.
    const accent = new Set<string>();
    for (let x = 560; x < 1140; x += 1) for (let y = 140; y < 520; y += 2) accent.add(hex(dark.pixel(x, y)));
    expect(accent.has('#FF9F43')).toBe(true);
  });

  it('renders every kind, with no candles, and with a broken logo (monogram instead)', async () => {
    for (const kind of ['s2e', 'bhd', 'bad_route', 'idle_yield', 'rug'] as const) {
      const png = await renderMomentCard({
        ...input,
        kind,
        candles: [],
        markers: [],
        logoDataUrl: 'data:image/png;base64,AAAA',
      });
      expect(decodePng(png).width).toBe(1200);
    }
    await expect(
      renderMomentCard({ ...input, logoDataUrl: 'https://example.invalid/logo.png' }),
    ).resolves.toBeInstanceOf(Uint8Array);
  });
});
