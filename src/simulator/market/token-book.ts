import { keypairAddress } from '../keys/address-factory.ts';
import { initialCurve, type CurveReserves } from '../../launch/curve/bonding-curve-math.ts';
import { pumpTokenAccounts, type PumpTokenAccounts } from '../pumpfun/pump-token-accounts.ts';
import type { SeededRandom } from '../random/seeded-random.ts';

/** How a token's story ends: its curve fills and it migrates, its creator dumps on the buyers, or it fades. */
export type TokenFate = 'migrate' | 'rug' | 'fade';
export type TokenPhase = 'scheduled' | 'curve' | 'complete' | 'amm';

export interface SimToken {
  readonly index: number;
  readonly mint: string;
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  readonly accounts: PumpTokenAccounts;
  readonly creator: number;
  readonly fate: TokenFate;
  /** Relative attention the token draws (traders pick tokens in proportion to hype × decay). */
  readonly hype: number;
  /** Time constant of its attention decay, ms. */
  readonly tauMs: number;
  readonly launchMs: number;
  /** When a rug's creator dumps, ms since the start. */
  readonly rugMs: number | null;
  /**
   * Real SOL on the curve above which its buyers thin out (sellers take over): where a token that does not
   * migrate stalls and dies. None for tokens headed for migration.
   */
  readonly ceilingLamports: bigint | null;
  phase: TokenPhase;
  curve: CurveReserves;
  rugged: boolean;
  migratedMs: number | null;
  /** LP tokens the migration minted (the pool's `lp_supply`). */
  lpSupply: bigint;
}

const SYLLABLES = [
  'pe',
  'po',
  'mo',
  'ka',
  'zu',
  'ri',
  'do',
  'ge',
  'bo',
  'ni',
  'wa',
  'fu',
  'mi',
  'to',
  'la',
  'xi',
  'sha',
  'ba',
];
const SUFFIXES = ['', ' Inu', ' Cat', ' AI', ' Coin', ' 2.0', ' on Sol', ' Frog'];

/** Launch schedule and per-token parameters, all drawn up front so the schedule does not depend on trading. */
export function planTokens(
  rng: SeededRandom,
  count: number,
  spanMs: number,
  creators: readonly number[],
): SimToken[] {
  // The first launch opens the period (a market is never empty); the rest land over its first three quarters.
  const launches = Array.from({ length: count }, (_, i) =>
    Math.floor(spanMs * (i === 0 ? 0.002 : 0.002 + 0.748 * rng.float())),
  ).sort((a, b) => a - b);
  return launches.map((launchMs, index) => {
    const mint = keypairAddress(rng);
    const fateRoll = rng.float();
    const fate: TokenFate = fateRoll < 0.3 ? 'migrate' : fateRoll < 0.6 ? 'rug' : 'fade';
    let word = '';
    for (let s = rng.range(2, 3); s > 0; s -= 1) word += rng.pick(SYLLABLES);
    const name = `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}${rng.pick(SUFFIXES)}`;
    const symbol = word.slice(0, 6).toUpperCase();
    // Attention lasts minutes to hours, scaled to the period so short simulations still see whole stories.
    const tauMs = Math.max(60_000, Math.floor(spanMs * (0.01 + 0.05 * rng.float())));
    return {
      index,
      mint,
      name,
      symbol,
      uri: `https://ipfs.io/ipfs/Qm${mint.slice(0, 44)}`,
      accounts: pumpTokenAccounts(mint),
      creator: rng.pick(creators),
      fate,
      hype: 0.5 + 2.5 * rng.float() * rng.float(),
      tauMs,
      launchMs,
      rugMs: fate === 'rug' ? launchMs + Math.floor(tauMs * (0.3 + 0.9 * rng.float())) : null,
      ceilingLamports:
        fate === 'migrate' ? null : rng.bigRange(2n, fate === 'rug' ? 60n : 45n) * 1_000_000_000n,
      phase: 'scheduled',
      curve: initialCurve(),
      rugged: false,
      migratedMs: null,
      lpSupply: 0n,
    };
  });
}

/** Attention weight of a token at `nowMs`: what share of trades it draws. */
export function tokenWeight(t: SimToken, nowMs: number): number {
  switch (t.phase) {
    case 'scheduled':
    case 'complete':
      return 0;
    case 'curve': {
      const age = nowMs - t.launchMs;
      if (t.rugged)
        return 0.3 * t.hype * Math.exp(-(nowMs - (t.rugMs ?? nowMs)) / (t.tauMs / 3)) + 0.002 * t.hype;
      // Tokens that will migrate keep their crowd until the curve fills.
      if (t.fate === 'migrate') return 1.6 * t.hype;
      return t.hype * Math.exp(-age / t.tauMs) + 0.01 * t.hype;
    }
    case 'amm': {
      const since = nowMs - (t.migratedMs ?? nowMs);
      if (t.rugged) return 0.2 * t.hype * Math.exp(-since / t.tauMs) + 0.01 * t.hype;
      return 0.5 * t.hype * Math.exp(-since / (2 * t.tauMs)) + 0.03 * t.hype;
    }
  }
}
