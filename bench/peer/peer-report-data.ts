import {
  comparePeerCorpus,
  summarize,
  type AgreementSummary,
  type PeerComparison,
  type PeerCorpusComparison,
} from './compare-peer.ts';
import {
  compareJupiterExpected,
  type JupiterComparison,
  type JupiterCorpusComparison,
} from './compare-jupiter.ts';
import type { CorpusEntry } from './corpus.ts';
import { EXPLANATIONS } from './explanations.ts';
import { checkFindings, type FindingStatus } from './findings.ts';
import { loadJupiterExpected } from './jupiter-expected.ts';
import { isPeerSide, judgeJupiter, judgePeer, type Judgement, type Verdict } from './verdict.ts';

/**
 * Everything the peer report and the agreement test need, computed once: both comparisons, a verdict for each
 * disagreement, and the headline figures. The test asserts on these numbers, the report prints them.
 */
export interface JudgedPeer extends PeerComparison {
  readonly judgement: Judgement;
}
export interface JudgedJupiter extends JupiterComparison {
  readonly judgement: Judgement;
}

export interface Tally {
  /** Comparisons counted (for solana-dex-parser: those where the peer reported a swap). */
  readonly total: number;
  readonly agreed: number;
  /** Disagreements where our swap is the established one (peer wrong, different measure, outside model). */
  readonly peerSide: number;
  readonly oursWrong: number;
  /** `unexplained` and `ours_regressed`: the ones a test must fail on. */
  readonly open: number;
  /** agreed / (total − peerSide): agreement on the comparisons that say something about us. */
  readonly agreementExcludingPeerSide: number;
}

export interface PeerReportData {
  readonly peer: Omit<PeerCorpusComparison, 'comparisons'> & { readonly comparisons: readonly JudgedPeer[] };
  readonly jupiter: Omit<JupiterCorpusComparison, 'comparisons'> & {
    readonly comparisons: readonly JudgedJupiter[];
  };
  /** Over comparisons where the peer reported a swap (the brief's denominator). */
  readonly peerTally: Tally;
  readonly jupiterTally: Tally;
  /**
   * Raw agreement with the peer run as `parseAll(tx, { tryUnknowDEX: true, aggregateTrades: false })`: in 2.6.7 the
   * default path emits each Jupiter leg twice (see explanation.ts); this side run shows how much that accounts for.
   */
  readonly peerWithoutAggregation: AgreementSummary;
  /** Explanation keys with no disagreement left in either comparison (fixed on both sides, or mistyped). */
  readonly staleExplanations: readonly string[];
  /** Problems in our non-swap actions (bench/peer/findings.ts), each checked against the current decoder. */
  readonly findings: readonly FindingStatus[];
}

export function buildPeerReportData(corpus: readonly CorpusEntry[]): PeerReportData {
  const peer = comparePeerCorpus(corpus);
  const jupiter = compareJupiterExpected(corpus, loadJupiterExpected());
  const peerJudged = peer.comparisons.map((c) => ({ ...c, judgement: judgePeer(c) }));
  const jupiterJudged = jupiter.comparisons.map((c) => ({ ...c, judgement: judgeJupiter(c) }));
  const disagreeing = new Set([
    ...peerJudged.filter((c) => c.reason !== null).map((c) => c.signature),
    ...jupiterJudged.filter((c) => c.reason !== null).map((c) => c.expected.signature),
  ]);
  return {
    peer: { ...peer, comparisons: peerJudged },
    jupiter: { ...jupiter, comparisons: jupiterJudged },
    peerTally: tally(peerJudged.filter((c) => c.peer !== null).map((c) => c.judgement.verdict)),
    jupiterTally: tally(jupiterJudged.map((c) => c.judgement.verdict)),
    peerWithoutAggregation: summarize(
      comparePeerCorpus(corpus, { tryUnknowDEX: true, aggregateTrades: false }).comparisons,
    ),
    staleExplanations: Object.keys(EXPLANATIONS).filter((sig) => !disagreeing.has(sig)),
    findings: checkFindings(corpus),
  };
}

export function tally(verdicts: readonly Verdict[]): Tally {
  const count = (p: (v: Verdict) => boolean): number => verdicts.filter(p).length;
  const agreed = count((v) => v === 'agree');
  const peerSide = count(isPeerSide);
  const relevant = verdicts.length - peerSide;
  return {
    total: verdicts.length,
    agreed,
    peerSide,
    oursWrong: count((v) => v === 'ours_wrong'),
    open: count((v) => v === 'unexplained' || v === 'ours_regressed'),
    agreementExcludingPeerSide: relevant === 0 ? 1 : agreed / relevant,
  };
}
