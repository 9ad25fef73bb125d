import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import type { CoreServices } from '../main/core-services.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { saveCandles } from '../store/prices/candle.repository.ts';
import { loadMomentCardRow } from '../store/analytics/cards.repository.ts';
import { cardService, hourlyCloses, momentCardInput } from './card-service.ts';
import { momentCardKey } from './moment-card-key.ts';
import { decodePng } from './testing/decode-png.ts';

const WALLET = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const MINT = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263';
const SIG = '5h3kQw9xT2vLrPz8mN4bYcJ7dFgS1aEoUiWq6tHkXyZe3RbVnMpLs9CuDfGh2JkA4QwErTyUiOpAsDf';
const ID = `${WALLET}:s2e:${SIG}:0:s2e@1`;
const T = 1708977600;

let services: CoreServices;

beforeAll(async () => {
  services = await openTestServices();
  const db = services.database.db;
  await db.execute(sql`INSERT INTO oof_moments
      (id, wallet, kind, mint, source_event, detector_version, t_event, usd, pct, severity, status, sig_ref,
       slot_ref, price_source, confidence, explain)
    VALUES (${ID}, ${WALLET}, 's2e', ${MINT}, ${`${SIG}:0`}, 's2e@1', to_timestamp(${T}), 1584.0899, 2.400609,
            1, 'final', ${SIG}, 250000000, 'candles', 0.9,
            ${JSON.stringify({ exitPxUsd: '0.00001313', peakUsd: '0.00004465', peakAt: T + 150 * 3600 })}::jsonb)`);
  await db.execute(sql`INSERT INTO token_facts (mint, symbol) VALUES (${MINT}, 'BONK')`);
  await db.execute(sql`INSERT INTO episodes (id, wallet, mint, n, opened_sig, qty_in_raw, qty_out_raw,
      realized_cost_usd, realized_proceeds_usd, realized_pnl_usd, unpriced_trades)
    VALUES ('ep-3', ${WALLET}, ${MINT}, 3, 'buy-sig', 10, 10, 1, 2, 1, 0)`);
  await db.execute(sql`INSERT INTO realized_trades (id, wallet, mint, episode_id, qty_raw, exit_sig, exit_idx, exit_kind)
    VALUES ('rt-1', ${WALLET}, ${MINT}, 'ep-3', 10, ${SIG}, 0, 'swap')`);
  await saveCandles(
    db,
    Array.from({ length: 200 }, (_, i) => {
      const px = (0.00001313 * (1 + i / 60)).toFixed(12);
      return {
        mint: MINT,
        resolution: '1h' as const,
        bucketStart: new Date((T - 72 * 3600 + i * 3600) * 1000),
        open: px,
        high: px,
        low: px,
        close: px,
        volumeUsd: null,
        source: 'test',
      };
    }),
  );
});
afterAll(async () => services.close());

const previewUrl = async (): Promise<string | null> => {
  const r = (await services.database.db.execute(
    sql`SELECT preview_png_url FROM oof_moments WHERE id = ${ID}`,
  )) as {
    rows: { preview_png_url: string | null }[];
  };
  return r.rows[0]?.preview_png_url ?? null;
};

describe('cardService', () => {
  it('renders once, stores the default card at cards/moments/<id>.png, then serves it without rendering', async () => {
    const cards = cardService({ db: services.database.db, objects: services.objects });
    expect(await previewUrl()).toBeNull();

    const first = await cards.getOrRenderMomentCard(ID);
    expect(first.cached).toBe(false);
    expect(cards.renders()).toBe(1);
    expect(first.etag).toMatch(/^[0-9a-f]{64}$/);
    expect(decodePng(first.png).width).toBe(1200);
    const key = momentCardKey(ID);
    expect(key).toBe(`cards/moments/${WALLET}=3As2e=3A${SIG}=3A0=3As2e=401.png`);
    expect(Buffer.from(await services.objects.get(key)).equals(Buffer.from(first.png))).toBe(true);
    expect(await previewUrl()).toBe(`/v1/cards/moment/${encodeURIComponent(ID)}.png`);

    const again = await cards.getOrRenderMomentCard(ID);
    expect(again.cached).toBe(true);
    expect(again.etag).toBe(first.etag);
    expect(cards.renders()).toBe(1);
  });

  it('keeps each theme and size under its own key, rendered once each', async () => {
    const cards = cardService({ db: services.database.db, objects: services.objects });
    const light = await cards.getOrRenderMomentCard(ID, { theme: 'light', size: 'square' });
    expect(light.cached).toBe(false);
    expect(decodePng(light.png).height).toBe(1080);
    expect(await services.objects.has(`${momentCardKey(ID).slice(0, -4)}-light-square.png`)).toBe(true);
    expect((await cards.getOrRenderMomentCard(ID, { theme: 'light', size: 'square' })).cached).toBe(true);
    expect(cards.renders()).toBe(1);
  });

  it('renders again once the moment changed (its preview URL was cleared)', async () => {
    const cards = cardService({ db: services.database.db, objects: services.objects });
    const before = await cards.getOrRenderMomentCard(ID);
    await services.database.db.execute(
      sql`UPDATE oof_moments SET usd = 1700, preview_png_url = NULL WHERE id = ${ID}`,
    );
    const after = await cards.getOrRenderMomentCard(ID, { theme: 'light', size: 'square' });
    expect(after.cached).toBe(false);
    // The stale default is replaced too, so the URL is set again for a current card.
    expect(cards.renders()).toBe(2);
    expect(await previewUrl()).not.toBeNull();
    const fresh = await cards.getOrRenderMomentCard(ID);
    expect(fresh.cached).toBe(true);
    expect(fresh.etag).not.toBe(before.etag);
  });

  it('answers MOMENT_NOT_FOUND for an unknown id', async () => {
    const cards = cardService({ db: services.database.db, objects: services.objects });
    const error: unknown = await cards.getOrRenderMomentCard('nope').catch((e: unknown) => e);
    expect(isOofError(error, 'MOMENT_NOT_FOUND')).toBe(true);
    expect(cards.renders()).toBe(0);
  });
});

describe('momentCardInput', () => {
  it('finds the episode of the exit, the token symbol and the closes around the event', async () => {
    const row = await loadMomentCardRow(services.database.db, ID);
    if (row === null) throw new Error('moment missing');
    const input = await momentCardInput(services.database.db, row);
    expect(input.episode).toEqual({ n: 3, symbol: 'BONK' });
    expect(input.symbol).toBe('BONK');
    expect(input.tEvent).toBe(T);
    expect(input.candles.length).toBe(200);
    expect(input.markers.map((m) => [m.label, m.t, m.priceUsd])).toEqual([
      ['Sold', T, '0.00001313'],
      ['Peak', T + 150 * 3600, '0.00004465'],
    ]);
    expect(input.logoDataUrl).toBeUndefined();
  });
});

describe('hourlyCloses', () => {
  it('keeps one close per hour, the hourly candle first, else the latest finer one', () => {
    const c = (iso: string, resolution: '1m' | '5m' | '1h', close: string) => ({
      mint: MINT,
      resolution,
      bucketStart: new Date(iso),
      open: close,
      high: close,
      low: close,
      close,
      volumeUsd: null,
      source: 's',
    });
    const from = Date.parse('2024-01-01T00:00:00Z') / 1000;
    expect(
      hourlyCloses(
        [
          c('2024-01-01T00:00:00Z', '1h', '1'),
          c('2024-01-01T00:55:00Z', '5m', '9'),
          c('2024-01-01T01:05:00Z', '5m', '2'),
          c('2024-01-01T01:59:00Z', '1m', '3'),
        ],
        from,
        from + 7200,
      ),
    ).toEqual([
      { t: from, close: '1' },
      { t: from + 3600, close: '3' },
    ]);
  });
});
