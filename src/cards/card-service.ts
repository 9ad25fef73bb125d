import { createHash } from 'node:crypto';
import { isOofError, OofError } from '../core/errors/oof-error.ts';
import type { ObjectStore } from '../objectstore/object-store.ts';
import {
  findEpisodeNumber,
  loadMomentCardRow,
  setMomentPreviewUrl,
  type MomentCardRow,
} from '../store/analytics/cards.repository.ts';
import type { Db } from '../store/database.ts';
import { loadCandles, RESOLUTION_SECONDS, type Candle } from '../store/prices/candle.repository.ts';
import { cardWindow, momentCardFacts } from './moment-card-facts.ts';
import type { CardOptions, CardPricePoint, MomentCardInput } from './moment-card-input.ts';
import { isDefaultCard, momentCardKey } from './moment-card-key.ts';
import { renderMomentCard } from './render-moment-card.ts';

export interface CardServiceDeps {
  readonly db: Db;
  readonly objects: ObjectStore;
  /** Public URL of a moment's default card, stored in `oof_moments.preview_png_url`. */
  readonly publicUrl?: (momentId: string) => string;
  /** Called after each render with its duration (for the render-count metric). */
  readonly onRender?: (ms: number) => void;
}

export interface MomentCardResult {
  readonly png: Uint8Array;
  /** sha256 of the PNG, hex (quote it for an HTTP `ETag`). */
  readonly etag: string;
  /** True when the bytes came from the object store without rendering. */
  readonly cached: boolean;
}

export interface CardService {
  /** The card of a moment: rendered once, then served from the object store. MOMENT_NOT_FOUND for an unknown id. */
  getOrRenderMomentCard(id: string, options?: CardOptions): Promise<MomentCardResult>;
  /** Renders done by this service so far. */
  renders(): number;
}

export const defaultCardUrl = (id: string): string => `/v1/cards/moment/${encodeURIComponent(id)}.png`;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A stored card is current while the moment's `preview_png_url` is set: the moments repository clears it when
 * a provisional moment's values change, and then every variant of the card is stale. Rendering while stale
 * therefore renders the default card too and sets the URL again, so variants stay cacheable.
 */
export function cardService(deps: CardServiceDeps): CardService {
  const publicUrl = deps.publicUrl ?? defaultCardUrl;
  let renders = 0;

  const render = async (id: string, input: MomentCardInput, options: CardOptions): Promise<Uint8Array> => {
    const started = performance.now();
    const png = await renderMomentCard(input, options);
    renders += 1;
    deps.onRender?.(performance.now() - started);
    await deps.objects.put(momentCardKey(id, options), png, 'image/png');
    return png;
  };

  return {
    renders: () => renders,
    async getOrRenderMomentCard(id, options = {}) {
      const row = await loadMomentCardRow(deps.db, id);
      if (row === null) throw new OofError('MOMENT_NOT_FOUND', `No moment with id ${id}.`, { id });
      if (row.previewPngUrl !== null) {
        try {
          const png = await deps.objects.get(momentCardKey(id, options));
          return { png, etag: sha256(png), cached: true };
        } catch (e) {
          if (!isOofError(e, 'OBJECT_NOT_FOUND')) throw e;
        }
      }
      const input = await momentCardInput(deps.db, row);
      const png = await render(id, input, options);
      if (row.previewPngUrl === null) {
        if (!isDefaultCard(options)) await render(id, input, {});
        await setMomentPreviewUrl(deps.db, id, publicUrl(id));
      }
      return { png, etag: sha256(png), cached: false };
    },
  };
}

/** The card input of a stored moment: its token, its episode, and the closes around it. */
export async function momentCardInput(db: Db, row: MomentCardRow): Promise<MomentCardInput> {
  const facts = momentCardFacts(row.kind, row.tEvent, row.explain);
  const window = cardWindow(row.kind, row.tEvent, facts);
  const [candles, episodeN] = await Promise.all([
    loadCandles(db, row.mint, new Date(window.from * 1000), new Date(window.to * 1000)),
    findEpisodeNumber(db, row.wallet, row.mint, row.sigRef),
  ]);
  const symbol = row.symbol ?? row.mint.slice(0, 4);
  return {
    kind: row.kind,
    mint: row.mint,
    symbol: row.symbol,
    ...(row.logoUrl?.startsWith('data:') === true ? { logoDataUrl: row.logoUrl } : {}),
    usd: row.usd,
    pct: row.pct,
    tEvent: row.tEvent,
    sigRef: row.sigRef,
    status: row.status,
    ...(episodeN === null ? {} : { episode: { n: episodeN, symbol } }),
    ...(facts.idleDays === undefined ? {} : { idleDays: facts.idleDays }),
    candles: hourlyCloses(candles, window.from, window.to),
    markers: facts.markers,
    ...(facts.span === undefined ? {} : { span: facts.span }),
  };
}

/**
 * One close per hour from candles of every tier: the hourly candle when stored, else the close of the latest
 * finer candle in that hour. A 10-day sparkline needs no more, and a year of minute candles draws no better.
 */
export function hourlyCloses(candles: readonly Candle[], from: number, to: number): CardPricePoint[] {
  const hour = RESOLUTION_SECONDS['1h'];
  const best = new Map<number, { rank: number; start: number; close: string }>();
  for (const c of candles) {
    const start = Math.floor(c.bucketStart.getTime() / 1000);
    if (start < from - hour || start > to) continue;
    const h = start - (start % hour);
    const rank = c.resolution === '1h' ? 2 : 1;
    const seen = best.get(h);
    if (seen === undefined || rank > seen.rank || (rank === seen.rank && start > seen.start)) {
      best.set(h, { rank, start, close: c.close });
    }
  }
  return [...best.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, close: v.close }));
}
