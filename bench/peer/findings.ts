import type { Action, ActionKind } from '../../src/decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { SOL_MINT as SOL } from '../../src/domain/mints.ts';
import type { CorpusEntry } from './corpus.ts';
import { ORCA_LOCAL_VALIDATOR as LOCAL } from './explanation.ts';

/**
 * Problems in our non-swap actions (rent, fees, transfers, their counterparties, a swap's venue) found while
 * investigating the peer disagreements; the swap comparisons cannot see them. Each finding states what is wrong
 * today with the transaction's numbers, and what the decoder must report once fixed as checks on sums of
 * actions. The checks run on every recording of the signature: the report shows a finding as open or fixed, and
 * test/peer fails while one is open.
 */
export interface ExpectedSum {
  readonly owner: string;
  /** Action kinds that count; omitted: every kind but `event`. */
  readonly kinds?: readonly ActionKind[];
  /** `sent`: the actions' in-side (what left the owner); `received`: their out-side (what arrived). */
  readonly leg: 'sent' | 'received';
  readonly mint: string;
  /** Only actions naming this counterparty (null: naming none); omitted: any counterparty. */
  readonly counterparty?: string | null;
  /** Only actions with this venue. */
  readonly venue?: string;
  /** What the matching actions must add up to, in base units (0n: there must be none). */
  readonly amount: bigint;
}

export interface Finding {
  readonly signature: string;
  /** What is wrong now and why, with numbers from the transaction. */
  readonly text: string;
  readonly expected: readonly ExpectedSum[];
}

export interface FindingStatus extends Finding {
  readonly recordings: number;
  /** One line per recording and check that fails; empty when the decoder does what `expected` says. */
  readonly misses: readonly string[];
}

const JBFDXSH3 = 'JBfdxsh3DEXfpeTUrQe94hpKQ8yxBqVRqRiSRvemUA4i';
const JITO_HFQU = 'HFqU5x63VTqvQss8hp11i4wVV8bD44PvwucfZ2bU7gRe';
const ORCA_USER = 'r21Gamwd9DtyjHeGywsneoQYR39C1VDwrw7tWxHAwh6';

export const FINDINGS: readonly Finding[] = [
  {
    signature: '33LHUzKfhBvU68kYib22oFx2XdQKQZ2sfvTmmdCFEr6YidyP8S3WwAurjz6Suewvr2WUByV79K3stNCZDe7wq3De',
    text:
      'pump.fun buy and sell of the same tokens (no swap; wallet 2vr538qD…). We report one transfer_out of ' +
      '1444168 to the bonding curve 6fogeBTR…. The counterparty split caps the largest outgoing movement ' +
      '(24080282 to the curve on the buy) at the net loss; the 24080281 the curve pays back on the sell is a ' +
      'program-side lamport debit, not a movement, so nothing nets it. Where the 1444168 went: 962563 → ' +
      'JBfdxsh3… by system transfer (JBfdxsh3…’s own transfer_in already names this wallet), 240802 → ' +
      'CebN5WGQ… by system transfer, and 240803 left with the curve, which forwarded 240802 to CebN5WGQ… as the ' +
      'sell’s fee and kept 1. Expected at least: 962563 sent to JBfdxsh3….',
    expected: [
      {
        owner: '2vr538qDgHCPYmr2mjt5LSjQ3kBYjtw3SDSveUKBVkef',
        leg: 'sent',
        mint: SOL,
        counterparty: JBFDXSH3,
        amount: 962563n,
      },
    ],
  },
  {
    signature: '2BppD7ZqzcCpJ4WbvSbm6AAH7ZS1dZxAgjwNWWCPxuk7ahxSwdRHVBKRLjtb4uQYJR1BfNxcehW6qcYTGKki1TgP',
    text:
      'Same-mint arbitrage plus a Jito tip (wallet 4qLQDSpC…; the rent once reported for C8wawfVK…, created ' +
      'and emptied in this transaction, is gone). We report one transfer_in of 42618 from 8EzbUfvc…, the net of ' +
      'two things: +85236 from the round trip (WSOL account E7dccQmq… sent 200000000 to CKxTHwM9…, owner ' +
      'CTz5UMLQ…, and received 200085236 from 9Hst4fTf…, owner 8EzbUfvc…) and a 42618-lamport system transfer to ' +
      'the Jito tip account HFqU5x63…. The tip vanishes: side payments are split out only when a swap is ' +
      'found, and a same-mint round trip is none. Expected: the tip as its own outgoing action to HFqU5x63… (a ' +
      '`fee`, like the tips beside swaps) and transfer_in 85236.',
    expected: [
      {
        owner: '4qLQDSpCwGJSig3tDvkfUbgW1TJWgeABpr5BtR3r3vZo',
        kinds: ['fee', 'transfer_out'],
        leg: 'sent',
        mint: SOL,
        counterparty: JITO_HFQU,
        amount: 42618n,
      },
      {
        owner: '4qLQDSpCwGJSig3tDvkfUbgW1TJWgeABpr5BtR3r3vZo',
        kinds: ['transfer_in'],
        leg: 'received',
        mint: SOL,
        amount: 85236n,
      },
    ],
  },
  {
    signature: '3q7KvygmRDJuXo6pgvgiKAeiutPjNuXJDv3qTfHgvP96oD4J3zPMcAi7rqYDYnMd81jW69ezJqVk13fYTPt7co6p',
    text:
      `${LOCAL} closePositionWithTokenExtensions (position owner 27gpx7yv…): no swap any more; burn 1 AyZLfN… ` +
      'and rent 4336079 back from the closed position mint are right. The position account HYWTiuUH… (2394239 ' +
      'lamports) is closed by the Whirlpool program itself, with no token CloseAccount, and its lamports go to ' +
      '27gpx7yv…, which is not the fee payer; the decoder credits the rent of program-closed accounts to the fee ' +
      'payer only, so this shows as transfer_in 2394239 with no counterparty. Expected: rent 2394239 received ' +
      'from HYWTiuUH… — what opening such a position account costs (5YZyP7…).',
    expected: [
      {
        owner: '27gpx7yvD5UU7xDyTLaPodtyDa57xsDb47FouFYgYFD6',
        kinds: ['rent'],
        leg: 'received',
        mint: SOL,
        counterparty: 'HYWTiuUHkCihK8RePabroWTMGmC1kZZEuypkHjEditdS',
        amount: 2394239n,
      },
    ],
  },
  {
    signature: '5YZyP7TAMfLSsk9LNnc2QScsdAuu2xgNVeXw4iiaJgUH89eMQfwPKMw917XLmYy1aDEe4YXtzQJK31itzFwyGkQi',
    text:
      `${LOCAL} openPositionWithTokenExtensions (wallet r21Gamwd…): no swap any more; rent 2394239 for the ` +
      'position account 2z6CpCcT…, rent 2770079 for the position mint 8mftEC… (CreateAccount) and mint 1 of ' +
      'the position NFT are right. The 1566000 lamports the wallet then sends by system transfer into the same ' +
      'new mint (for its metadata extension; the mint ends with 4336079 = 2770079 + 1566000) are reported as ' +
      'transfer_out to 8mftEC…: the rent rule covers transfers into an account allocated later in the ' +
      'transaction, not top-ups of one created earlier in it. Closing such a mint (3q7Kvy…) returns 4336079 as ' +
      'rent. Expected: rent 4336079 into 8mftEC… in all, no transfer_out.',
    expected: [
      {
        owner: ORCA_USER,
        kinds: ['rent'],
        leg: 'sent',
        mint: SOL,
        counterparty: '8mftECF9q77paxx5sVeQvHmgEKBnTQnNr9qCZxq2T61q',
        amount: 4336079n,
      },
      { owner: ORCA_USER, kinds: ['transfer_out'], leg: 'sent', mint: SOL, amount: 0n },
    ],
  },
  {
    signature: '5pTMgSeqxqwjmDNJLuNf6LuUQqSLzoHtnP4SGpMoEcPr9NdntoyXWnnsCK14FRV8f641Hqg6GzfSM7qaxvNdLKBe',
    text:
      `${LOCAL} repositionLiquidityV2 (wallet r21Gamwd…): 49920259 BRjpCH… come back from pool vault HnEmvKUY… ` +
      '(owner 966HQTB3…, the whirlpool). We report transfer_in 49920259 from 966HQTB3…: ' +
      '`reposition_liquidity_v2` is not among the Whirlpool instructions the decoder recognises as liquidity ' +
      '(increase/decrease liquidity, collect fees and rewards). Expected: lp_remove 49920259 BRjpCH….',
    expected: [
      {
        owner: ORCA_USER,
        kinds: ['lp_remove'],
        leg: 'received',
        mint: 'BRjpCHtyQLNCo8gqRUr8jtdAj5AjPYQaoqbvcZiHok1k',
        amount: 49920259n,
      },
    ],
  },
  {
    signature: '3p9fzShSPEC5ocZ52UqQBszEKrr6m1w5QwCFrChwQBgQAKbAG1dgMraQuXKtZhSvg6sSHZzaQvDjhh8wKCWL6f9D',
    text:
      'Surfpool (local) multi-transfer (wallet 6ayEJCQB…): no swap any more; transfer_in 1357 USDC from ' +
      'At4u6xXn… is right. The wallet’s SOL fell by 10000 while meta.fee says 5000, and the balance changes of ' +
      'all accounts sum to −10000: the other 5000 went to no account (a fee the local node left out of ' +
      'meta.fee). We report it as transfer_out 5000 to F8mszYiA…, the one wallet whose SOL rose; but ' +
      'F8mszYiA…’s +3535680 is exactly the 2039280 rent of the closed 8gabpuuY… plus 1496400 from At4u6xXn…. ' +
      'Expected: the 5000 names no recipient.',
    expected: [
      {
        owner: '6ayEJCQB7gwzwdbWLi65DR9RTRTrS3QunK6j9h2WjQjW',
        leg: 'sent',
        mint: SOL,
        counterparty: 'F8mszYiAMqr1EEDuwoSjSAfwWtJArr58PgKXRBFn9gpH',
        amount: 0n,
      },
    ],
  },
  {
    signature: '2ffHb9AXeKNVs3KSusTHTY3GTPnUJ2WLr48pjHDZjhMYfLC9P6XWXMuDkev13X49qLp6A5CkDmAJciJgieQUFidV',
    text:
      'The signer 9ZbTXdPS…’s swap (amounts right) runs on PumpSwap — outer instruction 3, pAMMBay6…, which ' +
      'emits its BuyEvent — but carries venue `pumpfun`: the decoder gives a transaction one venue, the first ' +
      'AMM or launchpad invoked, and outer instruction 0 is pump.fun’s migrate. Expected venue: pumpswap.',
    expected: [
      {
        owner: '9ZbTXdPSdKZeTCY215VwzEHhJoiDK4xtbaRqr3f7b3R1',
        kinds: ['swap'],
        leg: 'sent',
        mint: SOL,
        venue: 'pumpswap',
        amount: 30014901934n,
      },
    ],
  },
  {
    signature: '2ffHb9AXeKNVs3KSusTHTY3GTPnUJ2WLr48pjHDZjhMYfLC9P6XWXMuDkev13X49qLp6A5CkDmAJciJgieQUFidV',
    text:
      'A third-party wallet in the same transaction: 39azUYFW… receives 6877681 from the migration PDA ' +
      'DvKykSGS…, 725041 by system transfer and 6152640 as the lamports of three accounts DvKykSGS… created in ' +
      'this transaction and closed to 39azUYFW… (72bNQ2WM… and DggbxKJp… 2039280 each, FrX9vdTB… 2074080). We ' +
      'report transfer_in 725041 from DvKykSGS… and transfer_in 6152640 with no counterparty: counterparties are ' +
      'netted over transfers only, and a CloseAccount does not count as a movement from the closed account’s ' +
      'holder. Expected: the 6152640 names where it came from (DvKykSGS…, whose accounts they were); no ' +
      'incoming SOL without a counterparty.',
    expected: [
      {
        owner: '39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg',
        leg: 'received',
        mint: SOL,
        counterparty: null,
        amount: 0n,
      },
    ],
  },
];

export function checkFindings(corpus: readonly CorpusEntry[]): FindingStatus[] {
  const decoded = new Map<string, { path: string; actions: readonly Action[] }[]>();
  const recordingsOf = (signature: string): { path: string; actions: readonly Action[] }[] => {
    let r = decoded.get(signature);
    if (r === undefined) {
      r = corpus
        .filter((c) => c.row.signature === signature)
        .map((c) => ({ path: c.row.path, actions: decodeTransaction(parseRpcTransaction(c.raw)).actions }));
      decoded.set(signature, r);
    }
    return r;
  };
  return FINDINGS.map((f) => {
    const recordings = recordingsOf(f.signature);
    const misses: string[] = [];
    if (recordings.length === 0) misses.push('no recording of this signature in the data');
    for (const { path, actions } of recordings) {
      for (const e of f.expected) {
        const got = sumOf(actions, e);
        if (got !== e.amount) misses.push(`${path}: expected ${describeExpected(e)}, got ${got}`);
      }
    }
    return { ...f, recordings: recordings.length, misses };
  });
}

function sumOf(actions: readonly Action[], e: ExpectedSum): bigint {
  let total = 0n;
  for (const a of actions) {
    if (a.kind === 'event' || a.owner !== e.owner) continue;
    if (e.kinds !== undefined && !e.kinds.includes(a.kind)) continue;
    if (e.counterparty !== undefined && a.counterparty !== e.counterparty) continue;
    if (e.venue !== undefined && a.venue !== e.venue) continue;
    const [mint, amount] = e.leg === 'sent' ? [a.mintIn, a.amountIn] : [a.mintOut, a.amountOut];
    if (mint === e.mint && amount !== null) total += amount;
  }
  return total;
}

export function describeExpected(e: ExpectedSum): string {
  const short = (s: string): string => `${s.slice(0, 8)}…`;
  const kinds = e.kinds === undefined ? 'actions' : e.kinds.join('/');
  const who =
    e.counterparty === undefined
      ? ''
      : e.counterparty === null
        ? ' naming no counterparty'
        : ` with ${short(e.counterparty)}`;
  const venue = e.venue === undefined ? '' : ` on ${e.venue}`;
  return `${kinds} of ${short(e.owner)} ${e.leg} ${e.amount} ${short(e.mint)}${who}${venue}`;
}
