/**
 * Rug (SPEC §3): the token collapsed while the wallet held it. One moment per (mint, onset).
 *
 * Onset: the price history is scanned in `scanStepHours` buckets aligned to unix time, from the bucket of the
 * wallet's first lot of the mint to `now` (or to its last exit once every lot is closed). The running ATH is the
 * highest candle high so far (`maxIn` from 0) and the token-facts ATH once its time has passed. The onset is the
 * first candle low ≤ ATH × (1 − minDropFromAthPct) — exactly 90% below counts — and it is a rug when no candle
 * high from the next bucket to onset + stayDays climbs back above that threshold (the crash candle's own high is
 * before the crash). A recovery inside the window cancels the candidate and the scan goes on; after a rug the
 * scan only re-arms once a high is back above the threshold. Provisional while now < onset + stayDays.
 *
 * What the rug cost the wallet (`usd`): the cost basis still attached to the lots it held at the onset, minus
 * what that exposure was worth after the collapse at the best price available once it had started — the highest
 * of the onset low and the highs up to onset + stayDays (up to `now` while provisional):
 *
 *     lost = Σ openCost(lots open at onset) − openQty × bestExitAfter
 *
 * That is the money the trader had in the bag that even the best exit after the onset could not get back. It
 * does not count paper gains made before the collapse (bought at $0.01, ATH $1, rugged to $0.10 is no loss), nor
 * anything bought after the onset. The lots open at the onset are rebuilt from the ledger records
 * (`openLotsAt`), so a bag sold before the onset has no moment and one sold after it does. A lot counts in one
 * rug moment only, so a token that recovers and rugs again only charges the lots bought since. Lots of unknown
 * basis are left out of `usd` and reported in `explain.unknownBasisQty`. Emitted when lost > 0.
 * pct = 1 − bestExitAfter / ATH (how far below its ATH the bag could be sold at best); severity = lost / cost.
 * The source event is the opening event of the oldest lot counted.
 */
import type { LedgerResult, Lot } from '../ledger/ledger-records.ts';
import { openLotsAt } from '../ledger/open-lots-at.ts';
import type { DetectorConfig } from './detector-config.ts';
import {
  type Fraction,
  add,
  clamp01,
  cmp,
  div,
  frac,
  fromDecimal,
  fromUnits,
  mul,
  sub,
  toDecimal,
} from './fraction.ts';
import { type Moment, moment } from './moment.ts';
import type { PricePoint, PriceWindow } from './price-window.ts';

const DAY_S = 86_400;
const HOUR_S = 3_600;

/** All-time high of a mint from token facts. */
export interface TokenAth {
  /** USD per whole token, decimal string. */
  readonly athUsd: string;
  /** Unix seconds when it was reached. */
  readonly athAt: number;
  /** Provenance; defaults to `token_facts`. */
  readonly source?: string;
}

export interface RugInput {
  readonly wallet: string;
  /** The wallet's ledger: the lots open at an onset are rebuilt from its lots, trades and flags. */
  readonly ledger: LedgerResult;
  readonly prices: PriceWindow;
  /** ATH per mint from token facts; without one the running ATH comes from candle highs alone. */
  readonly ath?: ReadonlyMap<string, TokenAth>;
  readonly now: number;
  readonly config: DetectorConfig['rug'];
}

interface Ath {
  readonly px: Fraction;
  readonly at: number;
  readonly source: string;
  readonly confidence: number;
}

const pxOf = (p: PricePoint): Fraction => fromDecimal(p.priceUsd);
const athOf = (p: PricePoint | null): Ath | null =>
  p === null ? null : { px: pxOf(p), at: p.at, source: p.source, confidence: p.confidence };
const higher = (a: Ath | null, b: Ath | null): Ath | null =>
  a === null ? b : b === null ? a : cmp(b.px, a.px) > 0 ? b : a;

export function detectRug(input: RugInput): Moment[] {
  const byMint = new Map<string, Lot[]>();
  for (const lot of input.ledger.lots) {
    if (lot.decimals === null || lot.openedAt.blockTime === null) continue;
    const list = byMint.get(lot.mint);
    if (list === undefined) byMint.set(lot.mint, [lot]);
    else list.push(lot);
  }
  const out: Moment[] = [];
  for (const mint of [...byMint.keys()].sort()) out.push(...rugsOfMint(input, mint, byMint.get(mint) ?? []));
  return out;
}

function rugsOfMint(input: RugInput, mint: string, lots: readonly Lot[]): Moment[] {
  const { config: c, prices, now } = input;
  const stepS = c.scanStepHours * HOUR_S;
  const stayS = c.stayDays * DAY_S;
  const keep = sub(frac(1n), fromDecimal(c.minDropFromAthPct));
  const first = Math.min(...lots.map((l) => l.openedAt.blockTime ?? Number.POSITIVE_INFINITY));
  const decimals = lots[0]?.decimals ?? null;
  if (!Number.isFinite(first) || decimals === null) return [];
  const end = lots.some((l) => l.openQtyRaw > 0n) ? now : Math.min(now, lastExit(input.ledger, mint) ?? now);
  const facts = input.ath?.get(mint);
  const factsAt = (t: number): Ath | null =>
    facts !== undefined && facts.athAt <= t
      ? {
          px: fromDecimal(facts.athUsd),
          at: facts.athAt,
          source: facts.source ?? 'token_facts',
          confidence: 1,
        }
      : null;

  const b0 = first - (((first % stepS) + stepS) % stepS);
  // No onset is possible when even the lowest low after the first lot is above 10% of the highest high ever
  // (any running ATH is at most that high): most tokens end here without scanning hour by hour.
  const highest = higher(athOf(prices.maxIn(mint, 0, end)), factsAt(end));
  const lowest = prices.minIn(mint, b0, end);
  if (highest === null || lowest === null || cmp(pxOf(lowest), mul(highest.px, keep)) > 0) return [];
  let ath = higher(athOf(prices.maxIn(mint, 0, b0 - 1)), factsAt(b0 - 1));
  // A token already below the threshold when the wallet came in collapsed before it held anything.
  const before = prices.at(mint, b0 - 1);
  let armed = ath === null || before === null || cmp(pxOf(before), mul(ath.px, keep)) > 0;
  const counted = new Set<string>();
  const out: Moment[] = [];
  for (let b = b0; b <= end; b += stepS) {
    const bEnd = b + stepS - 1;
    const low = prices.minIn(mint, b, bEnd);
    const high = prices.maxIn(mint, b, bEnd);
    if (armed && low !== null) {
      const onsetAt = Math.max(low.at, b);
      const athThen = higher(higher(ath, athOf(prices.maxIn(mint, b, onsetAt))), factsAt(onsetAt));
      if (athThen !== null && cmp(pxOf(low), mul(athThen.px, keep)) <= 0) {
        const threshold = mul(athThen.px, keep);
        const stayUntil = onsetAt + stayS;
        const checkTo = Math.min(stayUntil, now);
        const after = b + stepS <= checkTo ? prices.maxIn(mint, b + stepS, checkTo) : null;
        if (after === null || cmp(pxOf(after), threshold) <= 0) {
          armed = false;
          const m = rugMoment(input, mint, decimals, counted, {
            ath: athThen,
            onset: low,
            onsetAt,
            after,
            threshold,
            stayUntil,
          });
          if (m !== null) out.push(m);
        }
      }
    } else if (!armed && high !== null && ath !== null && cmp(pxOf(high), mul(ath.px, keep)) > 0) {
      armed = true;
    }
    ath = higher(higher(ath, athOf(high)), factsAt(bEnd));
  }
  return out;
}

function lastExit(ledger: LedgerResult, mint: string): number | null {
  let last: number | null = null;
  const see = (t: number | null): void => {
    if (t !== null && (last === null || t > last)) last = t;
  };
  for (const t of ledger.realizedTrades) if (t.mint === mint) see(t.exit.blockTime);
  for (const f of ledger.flags) if (f.mint === mint) see(f.at.blockTime);
  return last;
}

interface Collapse {
  readonly ath: Ath;
  readonly onset: PricePoint;
  readonly onsetAt: number;
  /** Highest high from the bucket after the onset to onset + stay (or now); null without candles there. */
  readonly after: PricePoint | null;
  readonly threshold: Fraction;
  readonly stayUntil: number;
}

function rugMoment(
  input: RugInput,
  mint: string,
  decimals: number,
  counted: Set<string>,
  k: Collapse,
): Moment | null {
  const { config: c } = input;
  const open = openLotsAt(input.ledger, k.onsetAt, mint).filter((o) => !counted.has(o.lot.id));
  const oldest = open[0];
  if (oldest === undefined) return null;
  let qtyRaw = 0n;
  let knownQtyRaw = 0n;
  let cost = frac(0n);
  for (const o of open) {
    qtyRaw += o.openQtyRaw;
    if (o.openCostUsd === null) continue;
    knownQtyRaw += o.openQtyRaw;
    cost = add(cost, fromDecimal(o.openCostUsd));
  }
  const best = k.after !== null && cmp(pxOf(k.after), pxOf(k.onset)) > 0 ? k.after : k.onset;
  const bestPx = pxOf(best);
  const valueAfter = mul(fromUnits(knownQtyRaw, decimals), bestPx);
  const lost = sub(cost, valueAfter);
  if (lost.n <= 0n) return null;
  for (const o of open) counted.add(o.lot.id);
  const used = [k.onset, ...(k.after === null ? [] : [k.after])];
  return moment({
    wallet: input.wallet,
    kind: 'rug',
    mint,
    source: oldest.lot.openedAt,
    detectorVersion: c.version,
    tEvent: k.onsetAt,
    usd: toDecimal(lost),
    pct: toDecimal(sub(frac(1n), div(bestPx, k.ath.px))),
    severity: toDecimal(clamp01(div(lost, cost))),
    windowEnd: k.stayUntil,
    now: input.now,
    priceSource: [...new Set([...used.map((p) => p.source), k.ath.source])].sort().join('+'),
    confidence: Math.min(...used.map((p) => p.confidence), k.ath.confidence),
    explain: {
      athUsd: toDecimal(k.ath.px),
      athAt: k.ath.at,
      athSource: k.ath.source,
      onsetAt: k.onsetAt,
      onsetPxUsd: k.onset.priceUsd,
      thresholdPxUsd: toDecimal(k.threshold),
      dropFromAthPct: toDecimal(sub(frac(1n), div(pxOf(k.onset), k.ath.px))),
      bestExitAfterUsd: best.priceUsd,
      bestExitAt: best.at,
      stayUntil: k.stayUntil,
      qty: toDecimal(fromUnits(qtyRaw, decimals)),
      unknownBasisQty: toDecimal(fromUnits(qtyRaw - knownQtyRaw, decimals)),
      openCostUsd: toDecimal(cost),
      valueAfterUsd: toDecimal(valueAfter),
      lotIds: open.map((o) => o.lot.id),
      minDropFromAthPct: c.minDropFromAthPct,
      stayDays: c.stayDays,
    },
  });
}
