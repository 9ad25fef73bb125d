import type { AccountState } from '../chain/account-state.ts';
import { keypairAddress } from '../keys/address-factory.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import { IndexedSet } from './indexed-set.ts';

/** Roles written to the manifest; `re-entry` and `rugger` are earned by what a wallet does. */
export type WalletRole =
  | 'trader'
  | 're-entry'
  | 'creator'
  | 'sniper'
  | 'rugger'
  | 'watched'
  | 'exchange'
  | 'keeper';

export interface SimWallet {
  readonly index: number;
  readonly address: string;
  readonly roles: Set<WalletRole>;
}

const SOL = 1_000_000_000n;

/**
 * The simulated wallets and who holds what. Balances live in the account state; this keeps the indexes the
 * market draws from: holders of each mint (to pick sellers) and wallets that held a mint and sold out (to pick
 * re-entries). Two exchange hot wallets fund traders who run dry, one keeper wallet signs migrations.
 */
export class WalletBook {
  readonly wallets: SimWallet[] = [];
  readonly exchanges: number[] = [];
  readonly creators: number[] = [];
  readonly snipers: number[] = [];
  /** Everyone who trades: traders, snipers and creators. */
  readonly traders: number[] = [];
  readonly keeper: number;
  private readonly holders = new Map<string, IndexedSet>();
  private readonly exited = new Map<string, IndexedSet>();

  constructor(rng: SeededRandom, count: number, tokens: number, state: AccountState) {
    const creators = Math.max(2, Math.ceil(tokens / 3));
    const snipers = Math.max(3, Math.floor(count * 0.05));
    for (let i = 0; i < count; i += 1) {
      const roles = new Set<WalletRole>();
      let lamports: bigint;
      if (i < 2) {
        roles.add('exchange');
        lamports = 3_000_000n * SOL + rng.bigRange(0n, 100_000n * SOL);
        this.exchanges.push(i);
      } else if (i === 2) {
        roles.add('keeper');
        lamports = 20n * SOL + rng.bigRange(0n, SOL);
      } else if (i < 3 + creators) {
        roles.add('creator');
        lamports = rng.bigRange(5n * SOL, 60n * SOL);
        this.creators.push(i);
      } else if (i < 3 + creators + snipers) {
        roles.add('sniper');
        lamports = rng.bigRange(20n * SOL, 250n * SOL);
        this.snipers.push(i);
      } else {
        roles.add('trader');
        // Skewed: 0.5–2 SOL, 5–20 SOL or 50–200 SOL with equal odds.
        lamports = rng.bigRange(SOL / 2n, 2n * SOL) * 10n ** BigInt(rng.range(0, 2));
        if (rng.chance(0.05)) roles.add('watched');
      }
      if (!roles.has('exchange') && !roles.has('keeper')) this.traders.push(i);
      const address = keypairAddress(rng);
      state.setLamports(address, lamports);
      this.wallets.push({ index: i, address, roles });
    }
    this.keeper = 2;
  }

  wallet(index: number): SimWallet {
    const w = this.wallets[index];
    if (w === undefined) throw new RangeError(`no wallet ${index}`);
    return w;
  }

  /** Records a wallet's balance of a mint after a committed transaction; earns `re-entry` on buying back in. */
  noteBalance(index: number, mint: string, amount: bigint): void {
    const holders = this.setOf(this.holders, mint);
    const exited = this.setOf(this.exited, mint);
    if (amount > 0n) {
      if (exited.has(index)) {
        exited.delete(index);
        this.wallet(index).roles.add('re-entry');
      }
      holders.add(index);
    } else if (holders.has(index)) {
      holders.delete(index);
      exited.add(index);
    }
  }

  holderCount(mint: string): number {
    return this.holders.get(mint)?.size ?? 0;
  }

  pickHolder(mint: string, rng: SeededRandom): number | null {
    return pick(this.holders.get(mint), rng);
  }

  pickExited(mint: string, rng: SeededRandom): number | null {
    return pick(this.exited.get(mint), rng);
  }

  private setOf(map: Map<string, IndexedSet>, mint: string): IndexedSet {
    let set = map.get(mint);
    if (set === undefined) {
      set = new IndexedSet();
      map.set(mint, set);
    }
    return set;
  }
}

function pick(set: IndexedSet | undefined, rng: SeededRandom): number | null {
  if (set === undefined || set.size === 0) return null;
  return set.at(rng.int(set.size)) ?? null;
}
