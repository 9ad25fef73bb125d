import type { MomentKind } from '../analytics/detectors/moment.ts';
import type { CardMarkerRole, CardTheme } from './moment-card-input.ts';

/** Colours of one theme. Text colours keep at least 4.5:1 contrast on `surface` (WCAG AA). */
export interface CardPalette {
  readonly background: string;
  readonly backgroundAccent: string;
  readonly surface: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly kind: Readonly<Record<MomentKind, string>>;
  readonly marker: Readonly<Record<CardMarkerRole, string>>;
  readonly markerRing: string;
}

export const PALETTES: Readonly<Record<CardTheme, CardPalette>> = {
  dark: {
    background: '#0B0F17',
    backgroundAccent: '#141B2B',
    surface: '#111725',
    border: '#243047',
    text: '#F4F6FB',
    muted: '#98A2B8',
    grid: '#1E2739',
    kind: { s2e: '#FF9F43', bhd: '#FF5C72', bad_route: '#B197FC', idle_yield: '#38D9C0', rug: '#FF4F6D' },
    marker: { entry: '#5AA9FF', exit: '#FFC24B', peak: '#3DDC97', trough: '#FF6B6B', benchmark: '#3DDC97' },
    markerRing: '#0B0F17',
  },
  light: {
    background: '#F6F7FB',
    backgroundAccent: '#E9ECF5',
    surface: '#FFFFFF',
    border: '#D9DEEA',
    text: '#0E1422',
    muted: '#55607A',
    grid: '#EDF0F6',
    kind: { s2e: '#D9480F', bhd: '#C92A3E', bad_route: '#6741D9', idle_yield: '#0B7A6B', rug: '#C2183B' },
    marker: { entry: '#1C6FD1', exit: '#B86E00', peak: '#0E8A55', trough: '#D03434', benchmark: '#0E8A55' },
    markerRing: '#FFFFFF',
  },
};
