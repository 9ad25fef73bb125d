import type { ParseConfig } from 'solana-dex-parser';
import type { CorpusEntry } from './corpus.ts';
import { ourSwaps, type OurSwap } from './our-swaps.ts';
import { peerSwaps, type PeerSwap, type SwapAmounts } from './peer-swaps.ts';

/**
 * Our decoder against solana-dex-parser on every recorded transaction: one comparison per (recording, wallet)
 * that either side reports a swap for. Agreement is strict: same input and output mint and the exact base-unit
 * amounts on both sides, since a lamport off means one of the two mis-attributes value.
 */
export type DisagreementReason =
  | 'mints_differ'
  | 'amount_in_differs'
  | 'amount_out_differs'
  | 'amounts_differ'
  | 'we_found_no_swap'
  | 'peer_found_no_trade';

export interface PeerComparison {
  readonly signature: string;
  /** Recording path under `../shared/data`: the same signature can be recorded twice, differently. */
  readonly path: string;
  readonly owner: string;
  /** Our venue label when we found a swap, else the venue our program registry names for the transaction. */
  readonly venue: string;
  readonly reason: DisagreementReason | null;
  readonly ours: OurSwap | null;
  readonly peer: PeerSwap | null;
}

export interface SkippedRecording {
  readonly signature: string;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface PeerCorpusComparison {
  readonly comparisons: readonly PeerComparison[];
  readonly skipped: readonly SkippedRecording[];
  /** Trades the peer returned across the corpus (route legs counted one by one). */
  readonly peerTradeCount: number;
  readonly recordingCount: number;
}

export function comparePeerCorpus(
  corpus: readonly CorpusEntry[],
  config?: ParseConfig,
): PeerCorpusComparison {
  const comparisons: PeerComparison[] = [];
  const skipped: SkippedRecording[] = [];
  let peerTradeCount = 0;
  for (const { row, raw } of corpus) {
    const ours = ourSwaps(raw);
    if (!ours.ok) {
      skipped.push({ signature: row.signature, path: row.path, code: ours.code, message: ours.message });
      continue;
    }
    const peer = peerSwaps(raw, config);
    peerTradeCount += peer.tradeCount;
    const owners = [...new Set([...peer.swaps.map((s) => s.owner), ...ours.swaps.map((s) => s.owner)])];
    for (const owner of owners) {
      const p = peer.swaps.find((s) => s.owner === owner) ?? null;
      const o = pickOurs(
        ours.swaps.filter((s) => s.owner === owner),
        p,
      );
      comparisons.push({
        signature: row.signature,
        path: row.path,
        owner,
        venue: o?.venue ?? ours.venueHint,
        reason: classify(o, p),
        ours: o,
        peer: p,
      });
    }
  }
  return { comparisons, skipped, peerTradeCount, recordingCount: corpus.length };
}

/** Our decoder emits at most one swap per wallet today; if that changes, compare the one closest to the peer's. */
function pickOurs(candidates: readonly OurSwap[], peer: PeerSwap | null): OurSwap | null {
  if (peer === null || candidates.length <= 1) return candidates[0] ?? null;
  return (
    candidates.find((c) => classify(c, peer) === null) ??
    candidates.find((c) => c.mintIn === peer.mintIn && c.mintOut === peer.mintOut) ??
    candidates[0] ??
    null
  );
}

export function classify(ours: SwapAmounts | null, peer: SwapAmounts | null): DisagreementReason | null {
  if (ours === null && peer === null) return null;
  if (ours === null) return 'we_found_no_swap';
  if (peer === null) return 'peer_found_no_trade';
  if (ours.mintIn !== peer.mintIn || ours.mintOut !== peer.mintOut) return 'mints_differ';
  const inSame = ours.amountIn === peer.amountIn;
  const outSame = ours.amountOut === peer.amountOut;
  if (inSame && outSame) return null;
  if (!inSame && !outSame) return 'amounts_differ';
  return inSame ? 'amount_out_differs' : 'amount_in_differs';
}

export interface AgreementSummary {
  /** Comparisons where the peer reported a swap (one per recording and wallet). */
  readonly peerSwaps: number;
  readonly agreed: number;
  /** Of `peerSwaps`, how many the peer built from several trades (a split route, or trades of one wallet). */
  readonly peerAggregates: number;
  readonly agreedAggregates: number;
  /** Swaps only we reported. */
  readonly oursOnly: number;
}

export function summarize(comparisons: readonly PeerComparison[]): AgreementSummary {
  const withPeer = comparisons.filter((c) => c.peer !== null);
  const aggregates = withPeer.filter((c) => c.peer?.basis === 'aggregate');
  return {
    peerSwaps: withPeer.length,
    agreed: withPeer.filter((c) => c.reason === null).length,
    peerAggregates: aggregates.length,
    agreedAggregates: aggregates.filter((c) => c.reason === null).length,
    oursOnly: comparisons.filter((c) => c.peer === null).length,
  };
}
