import type { NewLaunchEvent } from '../../src/launch/events/launch-event.ts';

/** Hand-made events for stream tests: each a distinct fact (its own dedupe key), times and slots increasing. */
export function tradeEvent(
  mint: string,
  n: number,
  side: 'SIDE_BUY' | 'SIDE_SELL' = 'SIDE_BUY',
): NewLaunchEvent {
  return {
    slot: 300_000_000n + BigInt(n),
    tEventMs: 1_745_000_000_000n + BigInt(n) * 400n,
    dedupeKey: `test-trade:${mint}:${n}`,
    event: {
      kind: 'tradeObserved',
      tradeObserved: {
        mint,
        signature: `sig-${mint}-${n}`,
        signer: `signer-${n % 7}`,
        side,
        venue: 'pumpfun',
        solAmount: String(1_000_000_000 + n),
        tokenAmount: '35000000000000',
        feeLamports: '10000000',
        creatorFeeLamports: '0',
        virtualSolReserves: '31000000000',
        virtualTokenReserves: '1038000000000000',
        realSolReserves: '1000000000',
        realTokenReserves: '758100000000000',
        eventIndex: n % 3,
      },
    },
  };
}

export function bucketEvent(mint: string, minute: number): NewLaunchEvent {
  const minuteStartMs = 1_745_000_040_000n + BigInt(minute) * 60_000n;
  return {
    slot: 300_100_000n + BigInt(minute),
    tEventMs: minuteStartMs + 60_000n,
    dedupeKey: `test-bucket:${mint}:${minute}`,
    event: {
      kind: 'featureBucket',
      featureBucket: {
        mint,
        venue: 'pumpfun',
        minuteStartMs: minuteStartMs.toString(),
        trades: 3,
        uniqueSigners: 2,
        uniqueBuyers: 2,
        solIn: '3000000000',
        solOut: '500000000',
        netInflow: '2500000000',
        meanTradeSol: '1.166666666666666666',
        stddevTradeSol: '0.5',
        top5WhaleShare: '1',
        revision: 0,
      },
    },
  };
}
