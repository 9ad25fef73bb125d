import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Satori font entry (satori's `Font` type, restated so this file does not depend on its internals). */
export interface CardFont {
  readonly name: string;
  readonly data: Buffer;
  readonly weight: 400 | 600 | 700 | 800;
  readonly style: 'normal';
}

/**
 * Inter from @fontsource/inter, latin subset, as WOFF: satori parses TTF/OTF/WOFF but not WOFF2. The files ship
 * with the npm package, so rendering needs no system fonts. Read once per process.
 */
const WEIGHTS = [400, 600, 700, 800] as const;
let fonts: readonly CardFont[] | null = null;

export function cardFonts(): readonly CardFont[] {
  if (fonts === null) {
    const require = createRequire(import.meta.url);
    fonts = WEIGHTS.map((weight) => ({
      name: 'Inter',
      data: readFileSync(require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`)),
      weight,
      style: 'normal' as const,
    }));
  }
  return fonts;
}
