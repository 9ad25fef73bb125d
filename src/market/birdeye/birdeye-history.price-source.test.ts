import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../chain/archive/testing/shared-data-archive.ts';
import {
  BONK,
  SOL,
  plainDecimal,
  writePriceArchive,
  type PriceArchiveRows,
} from '../../chain/replay/testing/price-archive.ts';
import { startReplayFixture, type ReplayFixture } from '../../chain/replay/testing/replay-fixture.ts';
import { isOofError } from '../../core/errors/oof-error.ts';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import { createBirdeyeHistorySource, parseBirdeyeHistory } from './birdeye-history.price-source.ts';

/*
 * No Birdeye response was ever recorded. The adapter follows Birdeye's documented `history_price` shape and is
 * run against the replay server, which serves real Binance series (../shared/data) in that shape.
 */
const serve =
  (status: number, text: string): FetchPort =>
  () =>
    Promise.resolve(new Response(text, { status, headers: { 'content-type': 'application/json' } }));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isOofError(e) ? e.code : 'foreign';
  }
}

describe.skipIf(!sharedDataAvailable())('Birdeye history adapter against the replay server', () => {
  let fixture: ReplayFixture;
  let rows: PriceArchiveRows;
  const out = tempDir('oof-birdeye-');

  beforeAll(async () => {
    rows = await writePriceArchive(`${out.dir}/archive`);
    fixture = await startReplayFixture(`${out.dir}/archive`, { prices: { birdeyeApiKey: 'k' } });
  });
  afterAll(async () => {
    await fixture.close();
    out.remove();
  });

  it('reads real BONK hourly closes exactly, oldest first, as flat candles', async () => {
    const source = createBirdeyeHistorySource({ fetch, apiKey: 'k', baseUrl: fixture.server.url });
    const slice = rows.bonk.slice(0, 48);
    const [from = 0] = slice[0] ?? [];
    const [to = 0] = slice.at(-1) ?? [];
    const candles = await source({
      mint: BONK,
      resolution: '1h',
      from: new Date(from * 1000),
      to: new Date(to * 1000),
    });
    expect(candles.map((c) => [c.bucketStart.getTime() / 1000, c.close])).toEqual(
      slice.map(([t, c]) => [t, plainDecimal(c)]),
    );
    expect(candles[0]).toEqual({
      mint: BONK,
      resolution: '1h',
      bucketStart: new Date(from * 1000),
      open: '0.00002965',
      high: '0.00002965',
      low: '0.00002965',
      close: '0.00002965',
      volumeUsd: null,
      source: 'birdeye',
    });
  });

  it('a wrong key is refused; an unknown mint has no history', async () => {
    const bad = createBirdeyeHistorySource({ fetch, apiKey: 'nope', baseUrl: fixture.server.url });
    const window = {
      resolution: '1h' as const,
      from: new Date(1_700_000_000_000),
      to: new Date(1_700_100_000_000),
    };
    expect(await codeOf(bad({ mint: SOL, ...window }))).toBe('PRICE_RESPONSE_INVALID');
    const good = createBirdeyeHistorySource({ fetch, apiKey: 'k', baseUrl: fixture.server.url });
    expect(await good({ mint: 'Unknown111111111111111111111111111111111111', ...window })).toEqual([]);
  });
});

describe('Birdeye history adapter on malformed answers', () => {
  const request = { mint: SOL, resolution: '1h' as const, from: new Date(0), to: new Date(7_200_000) };
  const withBody = (status: number, text: string) =>
    createBirdeyeHistorySource({ fetch: serve(status, text), apiKey: 'k' })(request);

  it('an empty history is no candles', () => {
    expect(
      parseBirdeyeHistory({ success: true, data: { items: [] } }, { mint: SOL, resolution: '1h' }),
    ).toEqual([]);
  });

  it.each([
    ['not JSON', 200, '<html>'],
    ['success false', 200, '{"success":false,"message":"oops"}'],
    ['value as a string', 200, '{"success":true,"data":{"items":[{"unixTime":0,"value":"1.5"}]}}'],
    ['negative value', 200, '{"success":true,"data":{"items":[{"unixTime":0,"value":-1}]}}'],
    ['off the hour grid', 200, '{"success":true,"data":{"items":[{"unixTime":60,"value":1}]}}'],
    [
      'repeated bucket',
      200,
      '{"success":true,"data":{"items":[{"unixTime":0,"value":1},{"unixTime":0,"value":2}]}}',
    ],
    ['unauthorized', 401, '{"success":false,"message":"Unauthorized"}'],
  ])('%s → PRICE_RESPONSE_INVALID', async (_name, status, text) => {
    expect(await codeOf(withBody(status, text))).toBe('PRICE_RESPONSE_INVALID');
  });

  it.each([
    ['rate limited', 429],
    ['server error', 503],
  ])('%s → PRICE_SOURCE_UNAVAILABLE', async (_name, status) => {
    expect(await codeOf(withBody(status, ''))).toBe('PRICE_SOURCE_UNAVAILABLE');
  });

  it('keeps every digit of a value (never through a float)', async () => {
    const candles = await withBody(
      200,
      '{"success":true,"data":{"items":[{"address":"So11111111111111111111111111111111111111112","unixTime":3600,"value":147.48000000000000001}]}}',
    );
    expect(candles[0]?.close).toBe('147.48000000000000001');
  });
});
