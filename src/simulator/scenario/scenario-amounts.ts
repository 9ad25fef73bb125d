import type { HourlyCloses } from './hourly-closes.ts';
import { divRatio, mulRatio, ratio, toBaseUnits } from './exact-ratio.ts';

/**
 * The quote amount of a scenario swap, placed on the real close of the event's hour:
 * USDC = qty × close × fill, rounded half up to 6 decimals; SOL = qty × close × fill / SOL close of that hour,
 * rounded half up to lamports. `fill` (default 1) moves the execution off the market (a bad route: 1.03).
 */
export function quoteAmount(p: {
  readonly qty: string;
  readonly fill: string;
  readonly quote: 'USDC' | 'SOL';
  readonly token: HourlyCloses;
  readonly sol: HourlyCloses;
  readonly at: number;
}): bigint {
  const usd = mulRatio(mulRatio(ratio(p.qty), ratio(p.token.closeAt(p.at))), ratio(p.fill));
  return p.quote === 'USDC' ? toBaseUnits(usd, 6) : toBaseUnits(divRatio(usd, ratio(p.sol.closeAt(p.at))), 9);
}
