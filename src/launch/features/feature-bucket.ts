import { fromScaled } from '../../domain/decimal.ts';
import type { FeatureBucket, TradeVenue } from '../events/launch-event.ts';

/** The part of a trade the features read. */
export interface FeatureTrade {
  readonly signer: string;
  readonly side: 'buy' | 'sell';
  /** Lamports at the curve or pool price, fees excluded. */
  readonly solAmount: bigint;
}

export const MINUTE_MS = 60_000n;

export const minuteStartOf = (tEventMs: bigint): bigint =>
  tEventMs - (((tEventMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);

const SCALE = 18;
const SOL_DECIMALS = 9n;
const TOP_WHALES = 5;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps fix the float estimate in both directions for numbers beyond 2^53.
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/**
 * SPEC §5 flow features of one minute of one mint on one venue, from its trades. Order-independent: a function
 * of the set of trades, so a late trade folded in gives the value a complete replay gives.
 *
 * - trades, unique signers, unique buyers (signers with at least one buy)
 * - solIn = Σ buys, solOut = Σ sells, netInflow = solIn − solOut (lamports)
 * - meanTradeSol, stddevTradeSol: mean and population standard deviation of trade sizes in SOL, 18 digits
 *   truncated (the standard deviation from the integer square root of n·Σx² − (Σx)², exact)
 * - top5WhaleShare: the five largest signers' share of the minute's volume (solIn + solOut), 0..1
 */
export function computeFeatureBucket(
  mint: string,
  venue: TradeVenue,
  minuteStartMs: bigint,
  trades: readonly FeatureTrade[],
  revision: number,
): FeatureBucket {
  let solIn = 0n;
  let solOut = 0n;
  let sumSq = 0n;
  const bySigner = new Map<string, bigint>();
  const buyers = new Set<string>();
  for (const t of trades) {
    if (t.side === 'buy') {
      solIn += t.solAmount;
      buyers.add(t.signer);
    } else solOut += t.solAmount;
    sumSq += t.solAmount * t.solAmount;
    bySigner.set(t.signer, (bySigner.get(t.signer) ?? 0n) + t.solAmount);
  }
  const n = BigInt(trades.length);
  const volume = solIn + solOut;
  const toSol = 10n ** (BigInt(SCALE) - SOL_DECIMALS);
  const mean = n === 0n ? 0n : (volume * toSol) / n;
  const dispersion = n === 0n ? 0n : n * sumSq - volume * volume;
  const stddev = n === 0n ? 0n : isqrt(dispersion * 10n ** BigInt(2 * SCALE - 2 * Number(SOL_DECIMALS))) / n;
  const top = [...bySigner.values()]
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
    .slice(0, TOP_WHALES)
    .reduce((s, v) => s + v, 0n);
  const share = volume === 0n ? 0n : (top * 10n ** BigInt(SCALE)) / volume;
  return {
    mint,
    venue,
    minuteStartMs: minuteStartMs.toString(),
    trades: trades.length,
    uniqueSigners: bySigner.size,
    uniqueBuyers: buyers.size,
    solIn: solIn.toString(),
    solOut: solOut.toString(),
    netInflow: (solIn - solOut).toString(),
    meanTradeSol: fromScaled(mean, SCALE),
    stddevTradeSol: fromScaled(stddev, SCALE),
    top5WhaleShare: fromScaled(share, SCALE),
    revision,
  };
}
