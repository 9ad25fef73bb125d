/**
 * Renders one card per moment kind × theme × size from real hourly closes, to look at the design:
 *   npm run cards:sample -- OUTDIR [DATA_DIR]
 * DATA_DIR defaults to the shared Binance hourly closes (`<SYMBOL>USDT.csv`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CARD_SIZES, CARD_THEMES, type CardSize } from '../src/cards/moment-card-input.ts';
import { renderMomentCard } from '../src/cards/render-moment-card.ts';
import { sampleMomentCardInputs } from '../src/cards/sample-moment-cards.ts';

const [outDir, dataDir = resolve('../shared/data/mark6-binance-hourly-closes/data')] = process.argv.slice(2);
if (outDir === undefined) {
  console.error('usage: npm run cards:sample -- OUTDIR [DATA_DIR]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
for (const { name, input } of sampleMomentCardInputs(dataDir)) {
  for (const theme of CARD_THEMES) {
    for (const size of Object.keys(CARD_SIZES) as CardSize[]) {
      const started = performance.now();
      const png = await renderMomentCard(input, { theme, size });
      const file = join(outDir, `${name}-${theme}-${size}.png`);
      writeFileSync(file, png);
      console.log(`${file}  ${png.byteLength} bytes  ${(performance.now() - started).toFixed(0)} ms`);
    }
  }
}
