/** Test fixtures: a config from the committed YAML and a price window that answers from fixed values. */
import { readFileSync } from 'node:fs';
import type { Lot, RealizedTrade } from '../ledger/ledger-records.ts';
import { parseDetectorConfig } from './detector-config.ts';
import type { PricePoint, PriceWindow } from './price-window.ts';

export const CONFIG_TEXT = readFileSync(new URL('../../../config/detectors.yaml', import.meta.url), 'utf8');
export const CONFIG = parseDetectorConfig(CONFIG_TEXT);
export const WALLET = 'Wallet1111111111111111111111111111111111111';
export const MINT = 'Mint11111111111111111111111111111111111111';
export const T0 = 1_700_000_000;
export const DAY = 86_400;

export function fixedPrices(p: { max?: string; min?: string; at?: string }): PriceWindow {
  const point = (v: string | undefined, at: number): PricePoint | null =>
    v === undefined ? null : { priceUsd: v, at, source: 'candles_1h', confidence: 0.9 };
  return {
    maxIn: (_m, t0) => point(p.max, t0),
    minIn: (_m, t0) => point(p.min, t0),
    at: (_m, t) => point(p.at, t),
  };
}

const ref = (sig: string, t: number) => ({ slot: 100n, signature: sig, index: 0, blockTime: t });

export function lot(costUsd: string, qtyRaw: bigint, decimals = 6, id = 'lot:1'): Lot {
  return {
    id,
    wallet: WALLET,
    mint: MINT,
    decimals,
    qtyRaw,
    openQtyRaw: 0n,
    costUsd,
    openCostUsd: '0',
    unitCostUsd: null,
    openedAt: ref(`buy-${id}`, T0),
    basisSource: 'swap',
    priceSource: 'swap',
    episodeId: null,
  };
}

export function trade(proceedsUsd: string, qtyRaw: bigint, id = 'trade:1', sig = 'sell-1'): RealizedTrade {
  return {
    id,
    wallet: WALLET,
    mint: MINT,
    lotId: 'lot:1',
    episodeId: null,
    qtyRaw,
    costUsd: '1',
    proceedsUsd,
    pnlUsd: null,
    entry: null,
    exit: ref(sig, T0),
    exitKind: 'swap',
    priceSource: 'swap',
  };
}
