import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { cardFonts } from './card-fonts.ts';
import { PALETTES } from './card-theme.ts';
import { CARD_SIZES, type CardOptions, type MomentCardInput } from './moment-card-input.ts';
import { momentCardElement } from './moment-card-element.ts';
import { safeLogoDataUrl } from './logo-data-url.ts';

/**
 * A moment card as PNG bytes: element tree → SVG (satori, text as outlines in Inter) → PNG (resvg). No network
 * and no system fonts: the output depends only on `input` and `options`, byte for byte.
 */
export async function renderMomentCard(
  input: MomentCardInput,
  options: CardOptions = {},
): Promise<Uint8Array> {
  const size = options.size ?? 'og';
  const theme = options.theme ?? 'dark';
  const { width, height } = CARD_SIZES[size];
  const logo = input.logoDataUrl === undefined ? null : safeLogoDataUrl(input.logoDataUrl);
  const svg = await satori(momentCardElement(input, size, PALETTES[theme], logo), {
    width,
    height,
    fonts: cardFonts().map((f) => ({ ...f })),
  });
  const png = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
    // Satori has already turned every glyph into a path; resvg never needs a font.
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
