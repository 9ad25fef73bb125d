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

/** Scan state of one mint before bucket `nextBucket` (plain data). */
export interface RugMintState {
  readonly mint: string;
  /** Unix seconds, aligned to `scanStepHours`: the first bucket the resumed scan looks at. */
  readonly nextBucket: number;
  /** Running ATH (candle highs and the token-facts ATH once its time has passed); decimal string, canonical. */
  readonly ath: {
    readonly priceUsd: string;
    readonly at: number;
    readonly source: string;
    readonly confidence: number;
  } | null;
  /** False after a rug until a high is back above the threshold of the running ATH. */
  readonly armed: boolean;
  /** Lot ids already charged by a rug moment, sorted; only those still open just before `nextBucket`. */
  readonly counted: readonly string[];
}

export interface RugScanInput extends RugInput {
  /**
   * Mints to continue from a saved state: their scan starts at `state.nextBucket` with that ath/armed/counted
   * instead of being initialised at the first lot's bucket. `ledger` is then the tail view at the resume time
   * (`ledgerTailView`), and the prices need not go further back than `nextBucket − 6 h`.
   */
  readonly resume?: readonly RugMintState[];
  /**
   * Also return the state of every scanned mint as it stands before bucket `settleAt` (aligned to
   * `scanStepHours`, ≤ now, ≥ every resumed `nextBucket`).
   */
  readonly settleAt?: number;
}

/**
 * The rug scan, resumable. Without `resume` / `settleAt` the moments are exactly `detectRug`'s.
 *
 * States: for every mint with lots in `ledger` or a resume state (not for a mint whose first lot is at or after
 * `settleAt`), the scan state after every bucket `b < settleAt`, as if the scan went on past `end` up to
 * `settleAt` (no moment can come from there, every lot is closed, but the ATH and the arming keep moving). It is
 * the bucket-by-bucket state whatever shortcut was taken, so it does not depend on where the history was cut,
 * nor on `end`. Resuming from it gives the moments of a full scan with onsets at or after `settleAt`, as long as
 * `now`, the prices and the token facts are those the full scan would see (with `settleAt ≤ now − stayDays`, a
 * later `now` changes nothing before `settleAt`: every stay window there has closed).
 */
export function scanRugs(input: RugScanInput): { moments: Moment[]; states: RugMintState[] } {
  const stepS = input.config.scanStepHours * HOUR_S;
  const { settleAt } = input;
  if (settleAt !== undefined && (!aligned(settleAt, stepS) || settleAt > input.now)) {
    throw new RangeError(`scanRugs: settleAt ${settleAt} must be aligned to ${stepS} s and ≤ now`);
  }
  const resumeOf = new Map<string, RugMintState>();
  for (const r of input.resume ?? []) {
    if (resumeOf.has(r.mint)) throw new RangeError(`scanRugs: two resume states for ${r.mint}`);
    if (!aligned(r.nextBucket, stepS) || (settleAt !== undefined && r.nextBucket > settleAt)) {
      throw new RangeError(`scanRugs: resume of ${r.mint} at ${r.nextBucket}: not aligned or after settleAt`);
    }
    resumeOf.set(r.mint, r);
  }
  const byMint = new Map<string, Lot[]>();
  for (const lot of input.ledger.lots) {
    if (lot.decimals === null || lot.openedAt.blockTime === null) continue;
    const list = byMint.get(lot.mint);
    if (list === undefined) byMint.set(lot.mint, [lot]);
    else list.push(lot);
  }
  const moments: Moment[] = [];
  const states: RugMintState[] = [];
  for (const mint of [...new Set([...byMint.keys(), ...resumeOf.keys()])].sort()) {
    const r = scanMint(input, mint, byMint.get(mint) ?? [], resumeOf.get(mint));
    moments.push(...r.moments);
    if (r.state !== null) states.push(r.state);
  }
  return { moments, states };
}

export function detectRug(input: RugInput): Moment[] {
  return scanRugs(input).moments;
}

const aligned = (t: number, stepS: number): boolean =>
  Number.isInteger(t) && ((t % stepS) + stepS) % stepS === 0;
/** Start of the scan bucket (`stepS` seconds, aligned to unix time) holding `t`. */
export const bucketOf = (t: number, stepS: number): number => t - (((t % stepS) + stepS) % stepS);

/** What every bucket of one mint's scan reads. */
interface MintScan {
  readonly mint: string;
  readonly prices: PriceWindow;
  readonly now: number;
  readonly stepS: number;
  readonly stayS: number;
  /** 1 − minDropFromAthPct: a low at or below ATH × keep is an onset. */
  readonly keep: Fraction;
  /** The token-facts ATH; it joins the running ATH once its time (`at`) has passed. */
  readonly facts: Ath | null;
}

/** The running state of a scan before a bucket. */
interface ScanState {
  ath: Ath | null;
  armed: boolean;
}

const factsAt = (m: MintScan, t: number): Ath | null =>
  m.facts !== null && m.facts.at <= t ? m.facts : null;

function scanMint(
  input: RugScanInput,
  mint: string,
  lots: readonly Lot[],
  resume: RugMintState | undefined,
): { moments: Moment[]; state: RugMintState | null } {
  const { config: c, prices, now, settleAt } = input;
  const stepS = c.scanStepHours * HOUR_S;
  const facts = input.ath?.get(mint);
  const m: MintScan = {
    mint,
    prices,
    now,
    stepS,
    stayS: c.stayDays * DAY_S,
    keep: sub(frac(1n), fromDecimal(c.minDropFromAthPct)),
    facts:
      facts === undefined
        ? null
        : {
            px: fromDecimal(facts.athUsd),
            at: facts.athAt,
            source: facts.source ?? 'token_facts',
            confidence: 1,
          },
  };
  const first = Math.min(...lots.map((l) => l.openedAt.blockTime ?? Number.POSITIVE_INFINITY));
  const decimals = lots[0]?.decimals ?? null;
  const start = resume?.nextBucket ?? bucketOf(first, stepS);
  const initial = (): ScanState => {
    if (resume !== undefined) return { ath: athFromState(resume.ath), armed: resume.armed };
    const ath = higher(athOf(prices.maxIn(mint, 0, start - 1)), factsAt(m, start - 1));
    // A token already below the threshold when the wallet came in collapsed before it held anything.
    const before = prices.at(mint, start - 1);
    return { ath, armed: ath === null || before === null || cmp(pxOf(before), mul(ath.px, m.keep)) > 0 };
  };
  const wantState = settleAt !== undefined && (resume !== undefined || first < settleAt);
  const counted = new Set<string>(resume?.counted ?? []);
  const stateAt = (s: ScanState, nextBucket: number): RugMintState => {
    // Lots closed before `nextBucket` never show up in a later `openLotsAt`: the state need not carry them.
    const open = new Set(openLotsAt(input.ledger, nextBucket - 1, mint).map((o) => o.lot.id));
    return {
      mint,
      nextBucket,
      ath: athToState(s.ath),
      armed: s.armed,
      counted: [...counted].filter((id) => open.has(id)).sort(),
    };
  };

  const moments: Moment[] = [];
  let state: RugMintState | null = null;
  let scanned: ScanState | null = null;
  let next = start;
  if (Number.isFinite(first) && decimals !== null) {
    const end = lots.some((l) => l.openQtyRaw > 0n)
      ? now
      : Math.min(now, lastExit(input.ledger, mint) ?? now);
    if (onsetPossible(m, resume, start, end)) {
      const s = initial();
      let b = start;
      for (; b <= end; b += stepS) {
        if (wantState && b === settleAt) state = stateAt(s, b);
        step(m, s, b, (k) => {
          const found = rugMoment(input, mint, decimals, counted, k);
          if (found !== null) moments.push(found);
        });
      }
      scanned = s;
      next = b;
    }
  }
  if (wantState && state === null && settleAt !== undefined) {
    state = stateAt(advance(m, scanned ?? initial(), next, settleAt), settleAt);
  }
  return { moments, state };
}

/**
 * False when no onset is possible from `start` to `end`: even the lowest low there is above `keep` × the highest
 * high ever (any running ATH is at most that high). Most tokens end here without scanning hour by hour. A
 * resumed scan takes the highs before `start` from its state's ATH (the same value: the running maximum of every
 * high before `nextBucket` and of the token-facts ATH once passed), so it takes this shortcut whenever the full
 * scan does.
 */
function onsetPossible(m: MintScan, resume: RugMintState | undefined, start: number, end: number): boolean {
  const { prices, mint } = m;
  const highest =
    resume === undefined
      ? higher(athOf(prices.maxIn(mint, 0, end)), factsAt(m, end))
      : start > end
        ? null
        : higher(higher(athFromState(resume.ath), athOf(prices.maxIn(mint, start, end))), factsAt(m, end));
  const lowest = start > end ? null : prices.minIn(mint, start, end);
  return !(highest === null || lowest === null || cmp(pxOf(lowest), mul(highest.px, m.keep)) > 0);
}

/** One bucket `[b, b + step)` of the scan: an onset (reported through `collapse`), a re-arm, the ATH moving on. */
function step(m: MintScan, s: ScanState, b: number, collapse: ((k: Collapse) => void) | null): void {
  const { prices, mint, stepS, keep } = m;
  const bEnd = b + stepS - 1;
  const low = prices.minIn(mint, b, bEnd);
  const high = prices.maxIn(mint, b, bEnd);
  if (s.armed && low !== null) {
    const onsetAt = Math.max(low.at, b);
    const athThen = higher(higher(s.ath, athOf(prices.maxIn(mint, b, onsetAt))), factsAt(m, onsetAt));
    if (athThen !== null && cmp(pxOf(low), mul(athThen.px, keep)) <= 0) {
      const threshold = mul(athThen.px, keep);
      const stayUntil = onsetAt + m.stayS;
      const checkTo = Math.min(stayUntil, m.now);
      const after = b + stepS <= checkTo ? prices.maxIn(mint, b + stepS, checkTo) : null;
      if (after === null || cmp(pxOf(after), threshold) <= 0) {
        s.armed = false;
        collapse?.({ ath: athThen, onset: low, onsetAt, after, threshold, stayUntil });
      }
    }
  } else if (!s.armed && high !== null && s.ath !== null && cmp(pxOf(high), mul(s.ath.px, keep)) > 0) {
    s.armed = true;
  }
  s.ath = higher(higher(s.ath, athOf(high)), factsAt(m, bEnd));
}

/**
 * The state after the buckets `[from, to)` (aligned), no moments: exactly what `step` bucket by bucket gives,
 * but a stretch where nothing but the ATH can change is crossed in a few lookups (`leap`), and any other stretch
 * is halved until its pieces can be leapt or are one bucket. A 2-year history with a few crashes costs a few
 * hundred lookups, not 17,000 buckets.
 */
function advance(m: MintScan, s: ScanState, from: number, to: number): ScanState {
  if (from >= to) return s;
  const leapt = leap(m, s, from, to);
  if (leapt !== null) return leapt;
  if (to - from <= m.stepS) {
    const one = { ...s };
    step(m, one, from, null);
    return one;
  }
  const mid = from + Math.floor((to - from) / m.stepS / 2) * m.stepS;
  return advance(m, advance(m, s, from, mid), mid, to);
}

/**
 * The state after `[from, to)` when that stretch cannot hold an onset nor disarm-then-rearm twists, else null.
 * Assumes what `step` already relies on: a window's extreme is the extreme of its sub-windows (earliest bucket
 * on ties, as the price window does) and a candle's high is not below its low.
 *
 * - No candle at all: only the token-facts ATH can join.
 * - Every low above `keep` × the ATH at the end of the stretch (which bounds every running ATH inside it): no
 *   bucket can hold an onset, so an armed scan stays armed. A disarmed one re-arms at the first bucket with a
 *   candle: its high is at least its low, so above `keep` × the running ATH then. Hence armed := armed or any
 *   candle in the stretch (there is one here).
 * - Disarmed and no high above `keep` × the ATH at the start (the running ATH only grows): it stays disarmed,
 *   and a disarmed scan cannot see an onset.
 * In every case the ATH is the running maximum, with the token-facts ATH taking its turn after the highs of the
 * bucket its time falls in, as `step` does.
 */
function leap(m: MintScan, s: ScanState, from: number, to: number): ScanState | null {
  const { prices, mint, keep } = m;
  const high = prices.maxIn(mint, from, to - 1);
  const low = prices.minIn(mint, from, to - 1);
  const ath = athAfter(m, s.ath, from, to, high);
  if (high === null && low === null) return { ath, armed: s.armed };
  if (low !== null && high !== null && ath !== null && cmp(pxOf(low), mul(ath.px, keep)) > 0) {
    return s.armed || s.ath !== null ? { ath, armed: true } : null;
  }
  if (!s.armed && s.ath !== null && (high === null || cmp(pxOf(high), mul(s.ath.px, keep)) <= 0)) {
    return { ath, armed: false };
  }
  return null;
}

/** The running ATH after the buckets `[from, to)`; `high` is the highest high in them. */
function athAfter(
  m: MintScan,
  ath: Ath | null,
  from: number,
  to: number,
  high: PricePoint | null,
): Ath | null {
  const f = m.facts;
  if (f === null || f.at > to - 1) return higher(ath, athOf(high));
  const fEnd = Math.max(from, bucketOf(f.at, m.stepS)) + m.stepS - 1;
  const left = fEnd >= to - 1 ? high : m.prices.maxIn(m.mint, from, fEnd);
  const right = fEnd >= to - 1 ? null : m.prices.maxIn(m.mint, fEnd + 1, to - 1);
  return higher(higher(higher(ath, athOf(left)), f), athOf(right));
}

const athToState = (a: Ath | null): RugMintState['ath'] =>
  a === null ? null : { priceUsd: toDecimal(a.px), at: a.at, source: a.source, confidence: a.confidence };
const athFromState = (a: RugMintState['ath']): Ath | null =>
  a === null ? null : { px: fromDecimal(a.priceUsd), at: a.at, source: a.source, confidence: a.confidence };

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
