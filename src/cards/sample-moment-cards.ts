import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { MomentKind } from '../analytics/detectors/moment.ts';
import { cardWindow, momentCardFacts } from './moment-card-facts.ts';
import type { CardPricePoint, MomentCardInput } from './moment-card-input.ts';

/**
 * Realistic sample cards (one per kind) over real hourly closes (Binance `open_time,close` CSVs), for looking
 * at the design: `npm run cards:sample -- OUTDIR`. The moment figures are computed from the same closes.
 */
const HOUR = 3600;
const DAY = 24 * HOUR;

/** `"2.965e-05"` → `"0.00002965"`: the CSV writes small closes in exponent form; decimals must not. */
export function plainDecimal(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s.trim());
  if (m === null) throw new RangeError(`not a number: ${s}`);
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(at).replace(/0+$/, '');
  return `${sign}${whole}${rest ? `.${rest}` : ''}`;
}

export function readHourlyCloses(file: string): CardPricePoint[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [time = '', close = ''] = line.split(',');
      return { t: Date.parse(`${time.replace(' ', 'T')}Z`) / 1000, close: plainDecimal(close) };
    });
}

const iso = (s: string): number => Date.parse(s) / 1000;
const fix = (v: number, digits = 12): string => plainDecimal(v.toFixed(digits));

function extreme(series: readonly CardPricePoint[], t0: number, t1: number, dir: 1 | -1): CardPricePoint {
  let best: CardPricePoint | undefined;
  for (const c of series) {
    if (c.t < t0 || c.t > t1) continue;
    if (best === undefined || dir * (Number(c.close) - Number(best.close)) > 0) best = c;
  }
  if (best === undefined) throw new RangeError('no closes in the window');
  return best;
}

function closeAt(series: readonly CardPricePoint[], t: number): CardPricePoint {
  return extreme(series, t, t, 1);
}

const SIG = '5h3kQw9xT2vLrPz8mN4bYcJ7dFgS1aEoUiWq6tHkXyZe3RbVnMpLs9CuDfGh2JkA4QwErTyUiOpAsDf';

interface Sample {
  readonly name: string;
  readonly kind: MomentKind;
  readonly symbol: string;
  readonly tEvent: number;
  readonly usd: string;
  readonly pct: string;
  readonly explain: Readonly<Record<string, string | number>>;
  readonly episode?: { n: number; symbol: string };
  readonly logo?: boolean;
  readonly status?: 'provisional';
}

function samples(
  closes: (symbol: string) => CardPricePoint[],
): { sample: Sample; series: CardPricePoint[] }[] {
  const bonk = closes('BONK');
  const exit = closeAt(bonk, iso('2024-02-26T20:00:00Z'));
  const peak = extreme(bonk, exit.t, exit.t + 7 * DAY, 1);
  const s2eQty = 1584.0899 / (Number(peak.close) - Number(exit.close));

  const wif = closes('WIF');
  const buy = closeAt(wif, iso('2024-07-29T08:00:00Z'));
  const trough = extreme(wif, buy.t, buy.t + 7 * DAY, -1);

  const sol = closes('SOL');
  const fill = closeAt(sol, iso('2024-03-18T14:00:00Z'));

  const pnut = closes('PNUT');
  const ath = extreme(pnut, 0, Infinity, 1);
  const onset = pnut.find((c) => c.t > ath.t && Number(c.close) <= Number(ath.close) * 0.1);
  if (onset === undefined) throw new RangeError('PNUT never fell 90% in the sample data');
  const bestAfter = extreme(pnut, onset.t, onset.t + 7 * DAY, 1);

  const idleStart = iso('2024-09-01T00:00:00Z');
  const idleEnd = iso('2024-11-10T00:00:00Z');
  return [
    {
      series: bonk,
      sample: {
        name: 's2e',
        kind: 's2e',
        symbol: 'BONK',
        tEvent: exit.t,
        usd: '1584.089912345678',
        pct: fix(Number(peak.close) / Number(exit.close) - 1),
        explain: { qty: fix(s2eQty, 2), exitPxUsd: exit.close, peakUsd: peak.close, peakAt: peak.t },
        episode: { n: 3, symbol: 'BONK' },
      },
    },
    {
      series: wif,
      sample: {
        name: 'bhd',
        kind: 'bhd',
        symbol: 'WIF',
        tEvent: buy.t,
        usd: fix(2400 * (Number(buy.close) - Number(trough.close)), 6),
        pct: fix(Number(trough.close) / Number(buy.close) - 1),
        explain: { entryPxUsd: buy.close, troughUsd: trough.close, troughAt: trough.t },
        episode: { n: 1, symbol: 'WIF' },
        logo: true,
      },
    },
    {
      series: sol,
      sample: {
        name: 'bad_route',
        kind: 'bad_route',
        symbol: 'SOL',
        tEvent: fill.t + 17 * 60,
        usd: '48.104',
        pct: '0.023481',
        explain: {
          side: 'buy',
          execPxUsd: fix(Number(fill.close) * 1.023481, 6),
          benchmarkPxUsd: fill.close,
          minuteStart: fill.t + 17 * 60,
        },
      },
    },
    {
      series: sol,
      sample: {
        name: 'idle_yield',
        kind: 'idle_yield',
        symbol: 'SOL',
        tEvent: idleStart,
        usd: '1204.551',
        pct: '0.068',
        explain: { start: idleStart, end: idleEnd, days: '70', apr: '0.068' },
        status: 'provisional',
      },
    },
    {
      series: pnut,
      sample: {
        name: 'rug',
        kind: 'rug',
        symbol: 'PNUT',
        tEvent: onset.t,
        usd: '3210',
        pct: fix(1 - Number(bestAfter.close) / Number(ath.close)),
        explain: {
          athUsd: ath.close,
          athAt: ath.t,
          onsetPxUsd: onset.close,
          onsetAt: onset.t,
          stayUntil: onset.t + 7 * DAY,
        },
      },
    },
  ];
}

/** A plain PNG logo (a two-tone disc), to show the card with an embedded `data:` logo. */
function sampleLogoDataUrl(): string {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><circle cx="64" cy="64" r="64" fill="#C8875A"/>' +
    '<circle cx="64" cy="74" r="40" fill="#F3D9B1"/><circle cx="50" cy="66" r="7" fill="#2B1B12"/>' +
    '<circle cx="78" cy="66" r="7" fill="#2B1B12"/><ellipse cx="64" cy="84" rx="9" ry="6" fill="#2B1B12"/>' +
    '<path d="M22 44 Q30 0 54 26 Z M106 44 Q98 0 74 26 Z" fill="#8A5436"/></svg>';
  return `data:image/png;base64,${new Resvg(svg).render().asPng().toString('base64')}`;
}

/** Sample inputs, named `<kind>`; `dataDir` holds `<SYMBOL>USDT.csv`. */
export function sampleMomentCardInputs(dataDir: string): { name: string; input: MomentCardInput }[] {
  const cache = new Map<string, CardPricePoint[]>();
  const closes = (symbol: string): CardPricePoint[] => {
    let s = cache.get(symbol);
    if (s === undefined) {
      s = readHourlyCloses(join(dataDir, `${symbol}USDT.csv`));
      cache.set(symbol, s);
    }
    return s;
  };
  return samples(closes).map(({ sample: s, series }) => {
    const facts = momentCardFacts(s.kind, s.tEvent, s.explain);
    const w = cardWindow(s.kind, s.tEvent, facts);
    return {
      name: s.name,
      input: {
        kind: s.kind,
        mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263',
        symbol: s.symbol,
        usd: s.usd,
        pct: s.pct,
        tEvent: s.tEvent,
        sigRef: SIG,
        status: s.status ?? 'final',
        candles: series.filter((c) => c.t >= w.from && c.t <= w.to),
        markers: facts.markers,
        ...(facts.span === undefined ? {} : { span: facts.span }),
        ...(facts.idleDays === undefined ? {} : { idleDays: facts.idleDays }),
        ...(s.episode === undefined ? {} : { episode: s.episode }),
        ...(s.logo === true ? { logoDataUrl: sampleLogoDataUrl() } : {}),
      },
    };
  });
}
