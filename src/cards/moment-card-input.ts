import type { MomentKind } from '../analytics/detectors/moment.ts';

/** One close of the token around the event: unix seconds and an exact decimal USD price. */
export interface CardPricePoint {
  readonly t: number;
  readonly close: string;
}

export type CardMarkerRole = 'entry' | 'exit' | 'peak' | 'trough' | 'benchmark';

/** A point the card marks on the sparkline (the buy, the sell, the peak it missed, ...). */
export interface CardMarker {
  readonly role: CardMarkerRole;
  /** Short label on the chart: "Sold", "Peak", "ATH". */
  readonly label: string;
  readonly t: number;
  /** Exact decimal USD price. */
  readonly priceUsd: string;
  /**
   * A price that is not the market's (a swap's own fill): drawn where it is instead of pulling the line
   * through it, so a bad fill shows as a dot off the market.
   */
  readonly offMarket?: boolean;
}

/**
 * Everything a moment card shows, as plain data: the card is a pure function of this value (and the size
 * and theme), so the same input always gives the same PNG bytes.
 */
export interface MomentCardInput {
  readonly kind: MomentKind;
  readonly mint: string;
  /** From `token_facts.symbol`; null shows a shortened mint. */
  readonly symbol: string | null;
  /** A `data:image/png|jpeg;base64,…` URL; anything else (or a broken image) shows a monogram. */
  readonly logoDataUrl?: string;
  /** Moment `usd`, decimal string. */
  readonly usd: string;
  /** Moment `pct`, decimal ratio string (its meaning depends on the kind, see `momentHeadline`). */
  readonly pct: string;
  /** Unix seconds of the event. */
  readonly tEvent: number;
  readonly sigRef: string;
  readonly status: 'provisional' | 'final';
  /** "episode 3 of BONK", when the ledger placed the event in an episode. */
  readonly episode?: { readonly n: number; readonly symbol: string };
  /** Idle yield: days the balance sat idle (decimal string from the detector's explain). */
  readonly idleDays?: string;
  /** Closes around the event, any order; may be empty (the chart then says so). */
  readonly candles: readonly CardPricePoint[];
  readonly markers: readonly CardMarker[];
  /** A stretch of the chart to shade (sold → peak, bought → low, the idle window), unix seconds. */
  readonly span?: { readonly from: number; readonly to: number };
}

export type CardSize = 'og' | 'square';
export type CardTheme = 'dark' | 'light';

export const CARD_SIZES: Readonly<Record<CardSize, { readonly width: number; readonly height: number }>> = {
  og: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
};
export const CARD_THEMES: readonly CardTheme[] = ['dark', 'light'];

export interface CardOptions {
  readonly size?: CardSize;
  readonly theme?: CardTheme;
}
