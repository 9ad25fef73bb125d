import { classify, type DisagreementReason, type PeerComparison } from './compare-peer.ts';
import type { JupiterComparison } from './compare-jupiter.ts';
import { PEER_CATEGORIES, type Explanation, type PeerCategory, type PeerVerdict } from './explanation.ts';
import { EXPLANATIONS } from './explanations.ts';
import type { SwapAmounts } from './peer-swaps.ts';

/**
 * Who is wrong in one disagreement, decided from the hand-written truth (see explanation.ts):
 * - `ours_wrong`: our swap is not the established one and the explanation says what to fix;
 * - `ours_regressed`: our swap is not the established one although the explanation found ours right — a
 *   decoder change broke it (tests fail on this);
 * - a peer verdict: our swap is the established one, the note for this peer says why the peer differs;
 * - `unexplained`: nobody has investigated it yet (tests fail on this).
 */
export type Verdict = 'agree' | 'ours_wrong' | 'ours_regressed' | 'unexplained' | PeerVerdict;

export interface Judgement {
  readonly verdict: Verdict;
  readonly why: string;
  /** For a peer-side verdict: the kind of difference, counted in the report's summary. */
  readonly category?: PeerCategory;
  /** Other kinds of difference in the same figure, mentioned beside the count of their own category. */
  readonly also?: readonly PeerCategory[];
}

export type PeerName = 'dexParser' | 'jupiter';

export function judge(
  signature: string,
  owner: string,
  ours: SwapAmounts | null,
  reason: DisagreementReason | null,
  peer: PeerName,
): Judgement {
  if (reason === null) return { verdict: 'agree', why: '' };
  const e: Explanation | undefined = EXPLANATIONS[signature];
  if (e === undefined || e.owner !== owner) {
    return {
      verdict: 'unexplained',
      why: 'Not investigated yet: add an entry to bench/peer/explanations-*.ts.',
    };
  }
  if (classify(ours, e.truth) !== null) {
    return e.oursWrong !== undefined
      ? { verdict: 'ours_wrong', why: e.oursWrong }
      : {
          verdict: 'ours_regressed',
          why: `Our swap no longer equals the established one (${describe(e.truth)}).`,
        };
  }
  const note = e[peer];
  if (note === undefined) {
    return { verdict: 'unexplained', why: `Ours matches the established swap; no note for ${peer} yet.` };
  }
  return {
    verdict: PEER_CATEGORIES[note.category].verdict,
    why: note.why,
    category: note.category,
    also: note.also ?? [],
  };
}

export function judgePeer(c: PeerComparison): Judgement {
  return judge(c.signature, c.owner, c.ours, c.reason, 'dexParser');
}

export function judgeJupiter(c: JupiterComparison): Judgement {
  return judge(c.expected.signature, c.owner, c.ours, c.reason, 'jupiter');
}

/** Verdicts that leave our decoder right: the comparison says nothing about our accuracy. */
export function isPeerSide(v: Verdict): boolean {
  return v === 'peer_wrong' || v === 'peer_measures_differently' || v === 'outside_model';
}

export function describe(s: SwapAmounts | null): string {
  return s === null ? 'no swap' : `${s.amountIn} ${s.mintIn} → ${s.amountOut} ${s.mintOut}`;
}
