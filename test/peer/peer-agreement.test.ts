import { beforeAll, describe, expect, it } from 'vitest';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { classify } from '../../bench/peer/compare-peer.ts';
import { loadCorpus, sharedDataAvailable, type CorpusEntry } from '../../bench/peer/corpus.ts';
import { swap } from '../../bench/peer/explanation.ts';
import { EXPLANATIONS } from '../../bench/peer/explanations.ts';
import { AGGREGATOR_EXPLANATIONS } from '../../bench/peer/explanations-aggregators.ts';
import { LAUNCHPAD_EXPLANATIONS } from '../../bench/peer/explanations-launchpads.ts';
import { OTHER_EXPLANATIONS } from '../../bench/peer/explanations-other.ts';
import { ourSwaps, type OurSwap } from '../../bench/peer/our-swaps.ts';
import type { SwapAmounts } from '../../bench/peer/peer-swaps.ts';
import { FINDINGS } from '../../bench/peer/findings.ts';
import { buildPeerReportData, type PeerReportData } from '../../bench/peer/peer-report-data.ts';
import { describe as describeSwap } from '../../bench/peer/verdict.ts';

/**
 * Our decoder against solana-dex-parser and the Jupiter parsers' expected outputs on every recorded transaction
 * (the same computation as `npm run report:peer`). A disagreement nobody has investigated, a swap that drifts
 * from the truth established in bench/peer/explanations-*.ts, or a non-swap finding of bench/peer/findings.ts
 * that is still open, fails here.
 */
const MIN_PEER_AGREEMENT = 0.98;

/**
 * Facts from coinpusher's expected events (ultravigilante/coinpusher, test/core/solana/parse.test.ts at
 * 45d40046862dcdad105853ce2b77f70d743c1ba8; the fixtures are in ../shared/data/coinpusher). Raydium v4 events give
 * the SOL (quote) and token (base) amounts but no mint; pump.fun events give the mint and the direction.
 */
const COINPUSHER_SWAPS: readonly {
  signature: string;
  side: 'buy' | 'sell' | null;
  solRaw: bigint;
  tokenRaw: bigint;
  tokenMint: string | null;
}[] = [
  {
    signature: '5LcDnN7C8mDiraLkpSSMauDRtxizER51GmwXE4iWHtp7Lu1N3t2GkRZRPfvxU3EJT8S79CVYD7KALf3mn7spCrrc',
    side: null,
    solRaw: 1000000000n,
    tokenRaw: 2905164683341251n,
    tokenMint: null,
  },
  {
    signature: '3xvqEw5oMg8emePV9oMG8MFDWStaQBXVdu3xRDbdpD1b4mKFA3dMZwU53D6d7jzfxJ4kgSKbZUExMUQaQw5c1xaa',
    side: null,
    solRaw: 30000000n,
    tokenRaw: 192907333276906n,
    tokenMint: null,
  },
  {
    signature: '41Bg6X4oueyRN62YW2acqxNKjTRg6gn4wGz8b2hHTWUCtmyrxRqSfVEGz6zDA2cmeY9rcwUrfGtRKeNRFwY4BQAb',
    side: 'buy',
    solRaw: 13244934n,
    tokenRaw: 364011419936n,
    tokenMint: '4R4CLQXsm2aHXc31CDDMsYwdYEqYB9aW6vfgobW2u1Cw',
  },
  {
    signature: 'rZSAoR98CnGCymqShKcKT5d7HtPB2pSchE64f3ZXmy11x9NDTytNHhZ3m7DJ6uu6D9JhhUwMpXGXsnVQ8fRRpF8',
    side: 'sell',
    solRaw: 702264256n,
    tokenRaw: 19274301000000n,
    tokenMint: '4R4CLQXsm2aHXc31CDDMsYwdYEqYB9aW6vfgobW2u1Cw',
  },
];

/** Same source: coinpusher's events for these are pool creation, deposit or withdrawal only — no swap. */
const COINPUSHER_NO_SWAP: readonly string[] = [
  '2ex9my1v3L6Hm3ev3CcFoBxsi3EZ1DRXVBN17rMiE8aJjmbv8Nvw9VErNc3sJVcjBftXpiL8S6yHabMueiBSj2D7',
  '28FDVns1NEqdi8tLirfwC7gNc1JknHbxYs23zbcLCn94j32YUdtTo7ZC842dpFbxHABpdZ8JaJfvkLEFDfZxHwJh',
  '3YWUfe2pQ5SmpKDR624SWc2yRA4GLkEMZDY5c8A9cG9Zd5jBDUL6a2wGeGKdFS8nEDy5SH1UAc2JQNvs6DA38mC2',
  '3iySYFy1UruWQ4siaHxPhbc8dWm5aPNPocJ1b99WrpfB7bRstfmRkRjby8CCanJmWbeDMe2nXLHa5fERVg2iBrMM',
  '5Jiq8ih9HffyRu2xwkEpDKnAX8HH8nKjfbVUDsQfgq4vpQHpkiymY6LbbvzwP5cYSCuL8wbVgXyFoUoFtyiPUh8W',
  '5FpTStPi1MUc5cSLz7NbaVZyhCBSKYPSLJApek18GNT39WYPNzDhbHUmJy5PZW3tvq2zA91ySzvwB4xqKWjcrRs4',
];

/**
 * Former disagreements where our swap was wrong and the decoder has since been fixed: the peers now agree (or
 * report nothing either), so they left the explanations; their established swaps stay here as regression guards.
 */
const FIXED_SINCE: readonly { signature: string; owner: string; truth: SwapAmounts | null; what: string }[] =
  [
    {
      signature: '5zkqEKXPpLHXAg6zvEE3rDJhhYNeyBkLQkPzD5Petp8ABhmjwBsZxNyyj9yxRtXeeQJydjCdtTyfHcDRmnSYudP8',
      owner: 'Geu1Jtgp2vkWmBq9KL4FozLFx1LAEjpntEfjFuWf6QW7',
      truth: swap(SOL_MINT, 689364052n, '9Tpa8ewVT3JaZgiSKoTHjcJj6NGRyF4bJT8CyXpxpump', 3254684009577n),
      what: 'Geyser rendering with a 33-character System Program key: must decode like the RPC recording',
    },
    {
      signature: '3rTFfi824QnhkbGxzaNrtfWs2vLo63Jy5QaNmXcBHUHTPD31fVf4UDip4Qs45AJnPhjHwuKXH7CMDdNE9V3Ug57N',
      owner: 'CWE3HQZxPyNT9tuLCtBwYjC16oJz2fgkmRRR1vBJzkVL',
      truth: swap(SOL_MINT, 2000000000n, 'HhUVkZ1qz8vfMqZDemLyxBFxrHFKVSYAk7a6227Lpump', 92529930455n),
      what: 'Geyser rendering with a 33-character System Program key: tips must stay out of the swap',
    },
    {
      signature: '3q7KvygmRDJuXo6pgvgiKAeiutPjNuXJDv3qTfHgvP96oD4J3zPMcAi7rqYDYnMd81jW69ezJqVk13fYTPt7co6p',
      owner: '27gpx7yvD5UU7xDyTLaPodtyDa57xsDb47FouFYgYFD6',
      truth: null,
      what: 'Orca closePosition: a burned position NFT and reclaimed rent are no swap',
    },
    {
      signature: '5YZyP7TAMfLSsk9LNnc2QScsdAuu2xgNVeXw4iiaJgUH89eMQfwPKMw917XLmYy1aDEe4YXtzQJK31itzFwyGkQi',
      owner: 'r21Gamwd9DtyjHeGywsneoQYR39C1VDwrw7tWxHAwh6',
      truth: null,
      what: 'Orca openPosition: a minted position NFT and rent paid are no swap',
    },
    {
      signature: '3p9fzShSPEC5ocZ52UqQBszEKrr6m1w5QwCFrChwQBgQAKbAG1dgMraQuXKtZhSvg6sSHZzaQvDjhh8wKCWL6f9D',
      owner: '6ayEJCQB7gwzwdbWLi65DR9RTRTrS3QunK6j9h2WjQjW',
      truth: null,
      what: 'surfpool transfer: a SOL decrease no movement sends anywhere is no swap input',
    },
  ];

describe.skipIf(!sharedDataAvailable())('decoder vs peers on ../shared/data', () => {
  let corpus: CorpusEntry[] = [];
  let data: PeerReportData;
  beforeAll(() => {
    corpus = loadCorpus();
    data = buildPeerReportData(corpus);
  });

  /** Our swaps on every recording of a signature (the same transaction must decode the same way each time). */
  const swapsOf = (signature: string): { path: string; swaps: readonly OurSwap[] }[] =>
    corpus
      .filter((c) => c.row.signature === signature)
      .map((c) => {
        const r = ourSwaps(c.raw);
        if (!r.ok) throw new Error(`${c.row.path}: ${r.message}`);
        return { path: c.row.path, swaps: r.swaps };
      });

  it('compares every recording and skips only upstream’s deliberately broken copy', () => {
    expect(data.peer.recordingCount).toBeGreaterThanOrEqual(131);
    expect(data.peer.skipped.map((s) => [s.path, s.code])).toEqual([
      ['0xjeffro-tx-parser/solana/data/broken_data_1.json', 'TX_SHAPE_INVALID'],
    ]);
  });

  it('has every disagreement with solana-dex-parser investigated and none regressed', () => {
    const open = data.peer.comparisons
      .filter((c) => c.judgement.verdict === 'unexplained' || c.judgement.verdict === 'ours_regressed')
      .map(
        (c) =>
          `${c.signature} ${c.owner} ${c.reason}: ours ${describeSwap(c.ours)}; peer ${describeSwap(c.peer)}`,
      );
    expect(open).toEqual([]);
  });

  it(`agrees with solana-dex-parser on ≥ ${MIN_PEER_AGREEMENT * 100}% of the swaps it finds (peer-side cases excluded)`, () => {
    const t = data.peerTally;
    // Guards against a vacuous pass: most comparisons must still be counted, and many must agree outright.
    expect(t.total).toBeGreaterThanOrEqual(60);
    expect(t.agreed).toBeGreaterThanOrEqual(24);
    const oursWrong = data.peer.comparisons
      .filter((c) => c.peer !== null && c.judgement.verdict === 'ours_wrong')
      .map((c) => c.signature.slice(0, 12));
    expect(t.agreementExcludingPeerSide, `ours wrong on ${oursWrong.join(', ')}`).toBeGreaterThanOrEqual(
      MIN_PEER_AGREEMENT,
    );
  });

  it('agrees with every comparable Jupiter expected output', () => {
    const t = data.jupiterTally;
    expect(t.agreed).toBeGreaterThanOrEqual(20);
    const bad = data.jupiter.comparisons
      .filter(
        (c) =>
          c.reason !== null &&
          !['peer_wrong', 'peer_measures_differently', 'outside_model'].includes(c.judgement.verdict),
      )
      .map(
        (c) =>
          `${c.expected.source} ${c.expected.signature} ${c.judgement.verdict}: ours ${describeSwap(c.ours)}; expected ${describeSwap(c.expected.wallet)}`,
      );
    expect(bad).toEqual([]);
  });

  it('keeps explanation keys unique across the per-venue files', () => {
    const sizes = [LAUNCHPAD_EXPLANATIONS, AGGREGATOR_EXPLANATIONS, OTHER_EXPLANATIONS].map(
      (m) => Object.keys(m).length,
    );
    expect(Object.keys(EXPLANATIONS).length).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  /** Every recording of `signature` must report `truth` for `owner` (classify: same mints, same amounts). */
  const expectEstablished = (signature: string, owner: string, truth: SwapAmounts | null): void => {
    const recordings = swapsOf(signature);
    expect(recordings.length).toBeGreaterThan(0);
    for (const { path, swaps } of recordings) {
      const mine = swaps.filter((s) => s.owner === owner);
      const why = `${path}: expected ${describeSwap(truth)}, got ${mine.map(describeSwap).join('; ') || 'no swap'}`;
      if (truth === null) expect(mine, why).toEqual([]);
      else
        expect(
          mine.some((s) => classify(s, truth) === null),
          why,
        ).toBe(true);
    }
  };

  it.each(Object.entries(EXPLANATIONS).map(([sig, e]) => [sig.slice(0, 12), sig, e] as const))(
    'reports the established swap for %s…',
    (_short, signature, e) => expectEstablished(signature, e.owner, e.truth),
  );

  it.each(FIXED_SINCE.map((f) => [f.signature.slice(0, 12), f] as const))(
    'keeps the fix for %s…',
    (_short, f) => expectEstablished(f.signature, f.owner, f.truth),
  );

  it.each(FINDINGS.map((f, i) => [f.signature.slice(0, 12), i] as const))(
    'has the non-swap finding on %s… (#%i) fixed',
    (_short, i) => {
      const status = data.findings[i];
      expect(status?.signature).toBe(FINDINGS[i]?.signature);
      expect(status?.misses, status?.text).toEqual([]);
    },
  );

  it.each(COINPUSHER_SWAPS.map((f) => [f.signature.slice(0, 12), f] as const))(
    'matches coinpusher’s expected swap event for %s…',
    (_short, f) => {
      for (const { path, swaps } of swapsOf(f.signature)) {
        expect(swaps, path).toHaveLength(1);
        const s = swaps[0]!;
        const buy = s.mintIn === SOL_MINT;
        if (f.side !== null) expect(buy ? 'buy' : 'sell', path).toBe(f.side);
        const token = buy ? { mint: s.mintOut, raw: s.amountOut } : { mint: s.mintIn, raw: s.amountIn };
        expect({ sol: buy ? s.amountIn : s.amountOut, token: token.raw }).toEqual({
          sol: f.solRaw,
          token: f.tokenRaw,
        });
        expect(buy ? s.mintOut !== SOL_MINT : s.mintOut === SOL_MINT, path).toBe(true);
        if (f.tokenMint !== null) expect(token.mint).toBe(f.tokenMint);
      }
    },
  );

  it.each(COINPUSHER_NO_SWAP.map((s) => [s.slice(0, 12), s] as const))(
    'reports no swap where coinpusher saw only liquidity events: %s…',
    (_short, signature) => {
      const recordings = swapsOf(signature);
      expect(recordings.length).toBeGreaterThan(0);
      for (const { path, swaps } of recordings) expect(swaps.map(describeSwap), path).toEqual([]);
    },
  );
});
