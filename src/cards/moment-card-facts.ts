import type { JsonValue, MomentKind } from '../analytics/detectors/moment.ts';
import { isDecimalString } from '../domain/decimal.ts';
import type { CardMarker } from './moment-card-input.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** What the card reads from a moment's `explain` (the detector's inputs): markers, shaded span, idle days. */
export interface MomentCardFacts {
  readonly markers: readonly CardMarker[];
  readonly span?: { readonly from: number; readonly to: number };
  readonly idleDays?: string;
}

type Explain = { readonly [k: string]: JsonValue };

const num = (e: Explain, k: string): number | null => {
  const v = e[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const dec = (e: Explain, k: string): string | null => {
  const v = e[k];
  return typeof v === 'string' && isDecimalString(v) ? v : null;
};

/**
 * Markers per kind, from the fields each detector writes (see `src/analytics/detectors/*.detector.ts`): a field
 * that is missing or malformed drops its marker instead of failing the card.
 */
export function momentCardFacts(kind: MomentKind, tEvent: number, explain: Explain): MomentCardFacts {
  const markers: CardMarker[] = [];
  const mark = (
    role: CardMarker['role'],
    label: string,
    t: number | null,
    px: string | null,
    offMarket = false,
  ): void => {
    if (t !== null && px !== null)
      markers.push({ role, label, t, priceUsd: px, ...(offMarket ? { offMarket } : {}) });
  };
  switch (kind) {
    case 's2e': {
      const peakAt = num(explain, 'peakAt');
      mark('exit', 'Sold', tEvent, dec(explain, 'exitPxUsd'));
      mark('peak', 'Peak', peakAt, dec(explain, 'peakUsd'));
      return {
        markers,
        ...(peakAt !== null && peakAt > tEvent ? { span: { from: tEvent, to: peakAt } } : {}),
      };
    }
    case 'bhd': {
      const troughAt = num(explain, 'troughAt');
      mark('entry', 'Bought', tEvent, dec(explain, 'entryPxUsd'));
      mark('trough', 'Low', troughAt, dec(explain, 'troughUsd'));
      return {
        markers,
        ...(troughAt !== null && troughAt > tEvent ? { span: { from: tEvent, to: troughAt } } : {}),
      };
    }
    case 'bad_route': {
      const buy = explain['side'] === 'buy';
      mark(buy ? 'entry' : 'exit', 'Your fill', tEvent, dec(explain, 'execPxUsd'), true);
      mark('benchmark', 'Best', num(explain, 'minuteStart') ?? tEvent, dec(explain, 'benchmarkPxUsd'));
      return { markers };
    }
    case 'idle_yield': {
      const start = num(explain, 'start') ?? tEvent;
      const end = num(explain, 'end');
      const days = dec(explain, 'days');
      return {
        markers,
        ...(end !== null && end > start ? { span: { from: start, to: end } } : {}),
        ...(days !== null ? { idleDays: days } : {}),
      };
    }
    case 'rug': {
      mark('peak', 'ATH', num(explain, 'athAt'), dec(explain, 'athUsd'));
      mark('trough', 'Collapse', tEvent, dec(explain, 'onsetPxUsd'));
      // Shaded: the 7 days the price stayed below the threshold (what made it a rug, not a dip).
      const stay = num(explain, 'stayUntil');
      return { markers, ...(stay !== null && stay > tEvent ? { span: { from: tEvent, to: stay } } : {}) };
    }
  }
}

/**
 * The time range of the sparkline: 3 days before the event to 7 days after (the detectors' 7-day windows),
 * widened to show every marker and the shaded span but never beyond 30 days either side; an idle window is
 * shown whole (up to 90 days) with a day of context, a rug from its all-time high.
 */
export function cardWindow(
  kind: MomentKind,
  tEvent: number,
  facts: MomentCardFacts,
): { from: number; to: number } {
  if (kind === 'idle_yield' && facts.span !== undefined) {
    const from = facts.span.from - DAY;
    return { from, to: Math.min(facts.span.to + DAY, from + 90 * DAY) };
  }
  if (kind === 'bad_route') {
    // A fill a few percent off the market only shows against the hours around it.
    return { from: tEvent - DAY, to: tEvent + DAY };
  }
  if (kind === 'rug') {
    // A rug is the fall from the top: show it from the ATH (up to 180 days back) to a week after the onset.
    const ath = facts.markers.find((m) => m.role === 'peak')?.t ?? tEvent;
    return {
      from: Math.max(Math.min(ath - 2 * DAY, tEvent - 3 * DAY), tEvent - 180 * DAY),
      to: tEvent + 7 * DAY,
    };
  }
  let from = tEvent - 3 * DAY;
  let to = tEvent + 7 * DAY;
  const times = [...facts.markers.map((m) => m.t), facts.span?.from, facts.span?.to];
  for (const t of times) {
    if (t === undefined) continue;
    from = Math.min(from, Math.max(t - DAY, tEvent - 30 * DAY));
    to = Math.max(to, Math.min(t + DAY, tEvent + 30 * DAY));
  }
  return { from, to };
}
