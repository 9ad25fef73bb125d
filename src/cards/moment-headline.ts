import type { MomentKind } from '../analytics/detectors/moment.ts';
import { formatPct, formatUsd, MINUS } from './card-format.ts';

/** The words of a card: the kind as a human title, the big figure, what it means, and the dollar line. */
export interface MomentHeadline {
  readonly title: string;
  readonly figure: string;
  readonly caption: string;
  readonly usdLine: string;
}

export const MOMENT_TITLES: Readonly<Record<MomentKind, string>> = {
  s2e: 'Sold too early',
  bhd: 'Bag-holder drawdown',
  bad_route: 'Bad route',
  idle_yield: 'Idle yield',
  rug: 'Rug',
};

/**
 * `pct` means something else per detector (SPEC §3): S2E the rise after the exit, BHD the (negative) drawdown
 * after the buy, BadRoute how much worse the fill was, Idle the APR left unearned, Rug the drop from the ATH
 * to the best exit after the collapse (positive).
 */
export function momentHeadline(
  kind: MomentKind,
  pct: string,
  usd: string,
  idleDays?: string,
): MomentHeadline {
  const title = MOMENT_TITLES[kind];
  const dollars = formatUsd(usd);
  switch (kind) {
    case 's2e':
      return {
        title,
        figure: formatPct(pct, 'always'),
        caption: 'after you sold',
        usdLine: `${dollars} missed`,
      };
    case 'bhd':
      return { title, figure: formatPct(pct), caption: 'after you bought', usdLine: `${dollars} underwater` };
    case 'bad_route':
      return {
        title,
        figure: formatPct(pct),
        caption: 'worse than the best fill',
        usdLine: `${dollars} lost to the route`,
      };
    case 'idle_yield': {
      const days = idleDays === undefined ? null : idleDays.split('.')[0];
      return {
        title,
        figure: formatPct(pct),
        caption:
          days === null
            ? 'APR left unearned'
            : `APR left unearned for ${days} ${days === '1' ? 'day' : 'days'}`,
        usdLine: `${dollars} of yield missed`,
      };
    }
    case 'rug':
      return {
        title,
        figure: `${MINUS}${formatPct(pct.replace(/^-/, ''))}`,
        caption: 'from the all-time high',
        usdLine: `${dollars} lost`,
      };
  }
}
