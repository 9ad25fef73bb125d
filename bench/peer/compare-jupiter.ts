import { classify, type DisagreementReason } from './compare-peer.ts';
import type { CorpusEntry } from './corpus.ts';
import type { JupiterExpectedSwap } from './jupiter-expected.ts';
import { ourSwaps, type OurSwap } from './our-swaps.ts';

/**
 * Our decoder against the expected outputs of Jupiter's own parser and of serejke's parser, on the raw
 * transactions recorded beside them in jup-instruction-parser (matched by signature; a signature recorded
 * twice there is compared twice). Same strict rule as for solana-dex-parser: mints and base-unit amounts.
 */
export interface JupiterComparison {
  readonly expected: JupiterExpectedSwap;
  readonly path: string;
  readonly owner: string;
  readonly reason: DisagreementReason | null;
  readonly ours: OurSwap | null;
}

export interface JupiterCorpusComparison {
  readonly comparisons: readonly JupiterComparison[];
  /** Expected results whose raw transaction is not in the data (serejke covers more signatures). */
  readonly withoutRawTx: readonly JupiterExpectedSwap[];
}

export const JUPITER_FOLDER = 'jup-instruction-parser';

export function compareJupiterExpected(
  corpus: readonly CorpusEntry[],
  expected: readonly JupiterExpectedSwap[],
): JupiterCorpusComparison {
  const comparisons: JupiterComparison[] = [];
  const withoutRawTx: JupiterExpectedSwap[] = [];
  const decoded = new Map<string, ReturnType<typeof ourSwaps>>();
  for (const e of expected) {
    const recordings = corpus.filter(
      (c) => c.row.folder === JUPITER_FOLDER && c.row.signature === e.signature,
    );
    if (recordings.length === 0) {
      withoutRawTx.push(e);
      continue;
    }
    for (const { row, raw } of recordings) {
      let ours = decoded.get(row.path);
      if (ours === undefined) {
        ours = ourSwaps(raw);
        decoded.set(row.path, ours);
      }
      if (!ours.ok) throw new Error(`${row.path}: our decoder rejected a Jupiter fixture: ${ours.message}`);
      // Snapshot swap-results do not name the wallet; on these routes the fee payer is the swapping wallet.
      const owner = e.owner ?? ours.signers[0] ?? '';
      const mine = ours.swaps.filter((s) => s.owner === owner);
      const o = mine.find((s) => classify(s, e.wallet) === null) ?? mine[0] ?? null;
      comparisons.push({ expected: e, path: row.path, owner, reason: classify(o, e.wallet), ours: o });
    }
  }
  return { comparisons, withoutRawTx };
}
